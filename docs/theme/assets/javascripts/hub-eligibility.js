/*
 * Internationalisation hub: the eligibility evaluator, browser side.
 *
 * A line-by-line mirror of scripts/intlhub/eligibility/evaluate.py (its operators are declared
 * in scripts/intlhub/dataset/eligibility_rules.py): the same three-valued conditions (true,
 * false, UNKNOWN), the same rules and the same integer merit arithmetic (weight percent x score,
 * so 3.40 is 340). Change them together: the parity tests run every row of
 * tests/eligibility/cases.yaml, and thousands of generated rows, through both evaluators.
 *
 * window.HubEligibility = { UNKNOWN, OUTCOMES, evaluateCondition, relevantAnswers, evaluate,
 *                           usesAnswers }
 * No third-party code; works from file:// (the rules are embedded in the page).
 */
(function (root) {
  "use strict";

  var UNKNOWN = Object.freeze({ unknown: true });
  var OUTCOMES = ["eligible", "manual-check", "not-eligible"]; // from best to worst
  var COMPARISONS = ["lt", "lte", "gt", "gte"];

  function has(object, key) {
    return object !== null && typeof object === "object" &&
      Object.prototype.hasOwnProperty.call(object, key);
  }

  function isNumber(value) {
    return typeof value === "number";
  }

  // Python's strict_equal: no mixing of booleans and numbers.
  function strictEqual(left, right) {
    if (typeof left === "boolean" || typeof right === "boolean") {
      return typeof left === "boolean" && typeof right === "boolean" && left === right;
    }
    if (isNumber(left) && isNumber(right)) return left === right;
    if (typeof left === "string" && typeof right === "string") return left === right;
    return false;
  }

  function compare(operator, left, right) {
    var comparable = (isNumber(left) && isNumber(right)) ||
      (typeof left === "string" && typeof right === "string");
    if (!comparable) return UNKNOWN;
    if (operator === "lt") return left < right;
    if (operator === "lte") return left <= right;
    if (operator === "gt") return left > right;
    return left >= right;
  }

  function lookup(values, key) {
    var value = has(values, key) ? values[key] : undefined;
    return value === undefined || value === null ? UNKNOWN : value;
  }

  function resolve(node, answers, facts) {
    if (node !== null && typeof node === "object") {
      return has(node, "answer") ? lookup(answers, node.answer) : lookup(facts, node.fact);
    }
    return node;
  }

  function evaluateCondition(condition, answers, facts) {
    var parts, i, subject, left, right;
    if (has(condition, "all")) {
      parts = condition.all.map(function (part) { return evaluateCondition(part, answers, facts); });
      if (parts.indexOf(false) !== -1) return false;
      return parts.indexOf(UNKNOWN) !== -1 ? UNKNOWN : true;
    }
    if (has(condition, "any")) {
      parts = condition.any.map(function (part) { return evaluateCondition(part, answers, facts); });
      if (parts.indexOf(true) !== -1) return true;
      return parts.indexOf(UNKNOWN) !== -1 ? UNKNOWN : false;
    }
    if (has(condition, "not")) {
      var inner = evaluateCondition(condition.not, answers, facts);
      return inner === UNKNOWN ? UNKNOWN : !inner;
    }
    subject = has(condition, "answer") ? { answer: condition.answer } : { fact: condition.fact };
    left = resolve(subject, answers, facts);
    if (has(condition, "known")) return (left !== UNKNOWN) === condition.known;
    if (left === UNKNOWN) return UNKNOWN;
    if (has(condition, "equals")) return strictEqual(left, condition.equals);
    if (has(condition, "in")) {
      return condition.in.some(function (item) { return strictEqual(left, item); });
    }
    for (i = 0; i < COMPARISONS.length; i += 1) {
      if (has(condition, COMPARISONS[i])) {
        right = resolve(condition[COMPARISONS[i]], answers, facts);
        return right === UNKNOWN ? UNKNOWN : compare(COMPARISONS[i], left, right);
      }
    }
    throw new Error("condition has no operator: " + JSON.stringify(condition));
  }

  // The questions asked, in order (each ask_if sees only earlier asked answers), and their answers.
  function relevantAnswers(questions, answers, facts) {
    var asked = [];
    var kept = {};
    questions.forEach(function (question) {
      if (has(question, "ask_if") && evaluateCondition(question.ask_if, kept, facts) !== true) return;
      asked.push(question.id);
      if (lookup(answers, question.id) !== UNKNOWN) kept[question.id] = answers[question.id];
    });
    return { asked: asked, kept: kept };
  }

  function scoreMerit(merit, answers, facts) {
    var criteria = merit.criteria.map(function (criterion) {
      var score = criterion.otherwise_score;
      var level = -1;
      for (var index = 0; index < criterion.levels.length; index += 1) {
        if (evaluateCondition(criterion.levels[index].when, answers, facts) === true) {
          score = criterion.levels[index].score;
          level = index;
          break;
        }
      }
      return { id: criterion.id, weight_percent: criterion.weight_percent, score: score, level: level };
    });
    var total = criteria.reduce(function (sum, item) { return sum + item.weight_percent * item.score; }, 0);
    return { total_x100: total, meets_minimum: total >= merit.minimum_x100, criteria: criteria };
  }

  function evaluate(model, answers, facts) {
    var relevant = relevantAnswers(model.questions, answers, facts);
    var findings = [];
    model.rules.forEach(function (rule) {
      var truth = evaluateCondition(rule.when, relevant.kept, facts);
      if (truth === true) {
        findings.push({ rule: rule.id, outcome: rule.outcome, unknown: false });
      } else if (truth === UNKNOWN && rule.if_unknown_outcome) {
        findings.push({ rule: rule.id, outcome: rule.if_unknown_outcome, unknown: true });
      }
    });
    var outcome = "eligible";
    findings.forEach(function (finding) {
      if (OUTCOMES.indexOf(finding.outcome) > OUTCOMES.indexOf(outcome)) outcome = finding.outcome;
    });
    var missing = relevant.asked.filter(function (id) { return !has(relevant.kept, id); });
    return {
      outcome: outcome,
      findings: findings,
      asked: relevant.asked,
      missing: missing,
      merit: missing.length ? null : scoreMerit(model.merit, relevant.kept, facts)
    };
  }

  // Whether a condition reads any answer (else it depends only on facts such as today).
  function usesAnswers(node) {
    if (Array.isArray(node)) return node.some(usesAnswers);
    if (node !== null && typeof node === "object") {
      return has(node, "answer") || Object.keys(node).some(function (key) { return usesAnswers(node[key]); });
    }
    return false;
  }

  var api = {
    UNKNOWN: UNKNOWN,
    OUTCOMES: OUTCOMES,
    evaluateCondition: evaluateCondition,
    relevantAnswers: relevantAnswers,
    evaluate: evaluate,
    usesAnswers: usesAnswers
  };
  root.HubEligibility = api;
  if (typeof module === "object" && module.exports) module.exports = api;
})(typeof window !== "undefined" ? window : this);
