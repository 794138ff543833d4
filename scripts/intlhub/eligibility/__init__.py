"""The eligibility checker: the model of each call's rules, the three-valued evaluator, answers
files and the comparison of calls (the browser's evaluator mirrors `evaluate`)."""
