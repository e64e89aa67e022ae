"""Article-level appraisal: per item (sources, date, risks, ...) the sentences that answer
it, or "not found"; what the article leaves out; its balance of benefits and risks."""
