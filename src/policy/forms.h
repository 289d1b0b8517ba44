/*
 * forms.h — what a form must carry before a use case goes on: the rule
 * each field of a form records (a table stated once), the refusal of a
 * missing or malformed field, and the vocabulary words a form takes (level,
 * kind, urgency, channel …) with the rule each belongs to. Same contract as
 * rules.h: facts in, a bm_decision out; no I/O, no allocation.
 */
#ifndef BM_FORMS_H
#define BM_FORMS_H

#include "policy/rules.h"

/* The forms whose fields REGULATIONS.md names. */
typedef enum bm_form {
	BM_FORM_OUTSIDE_READER, /* BORROW-5 */
	BM_FORM_TAKE_OUT,       /* CARRY-2 */
	BM_FORM_DESTROY,        /* DESTROY-1/2/3 */
	BM_FORM_LEVEL_CHANGE,   /* LEVEL-4/9 */
	BM_FORM_COPY,           /* COPY-1/5 */
	BM_FORM_EXTRACT,        /* COPY-4 */
	BM_FORM_FOREIGN,        /* FOREIGN-1 */
	BM_FORM_PUBLISH,        /* PUB-1 */
	BM_FORM_MAKE,           /* MAKE-1/2 */
	BM_FORM_MAKE_WASTE,     /* MAKE-3 */
	BM_FORM_WIDEN,          /* CIRC-1 */
	BM_FORM_ISSUE,          /* REG-1: issuing against a borrow or read request */
	BM_FORM_ISSUE_TAKE_OUT, /* CARRY-2: issuing against a take-out request */
	BM_FORM_CIRCULATE,      /* CIRC-4/5: handing out for reading */
	BM_FORM_HANDOVER,       /* KEEP-2 */
	BM_FORM_KEEPING,        /* KEEP-6 */
	BM_FORM_COUNT_
} bm_form;

/*
 * The rule that field `field` of `form` records (static string), or NULL
 * when the field names none (a refusal of it then carries no rule).
 */
const char *bm_policy_field_rule(bm_form form, const char *field);

/* How a request's parameter is wrong. */
typedef enum bm_param_fault {
	BM_PARAM_MISSING,  /* required and absent */
	BM_PARAM_NOT_TEXT, /* not a string */
	BM_PARAM_NOT_DATE, /* not YYYY-MM-DD */
	BM_PARAM_NOT_INT,  /* not a whole number */
	BM_PARAM_RANGE,    /* a whole number outside [min, max] */
} bm_param_fault;

/*
 * A parameter `field` of `form` that is wrong as `fault` says: refuses
 * (BM_EINVALID, invalid_param) under the field's rule. `min`/`max` are
 * named by BM_PARAM_RANGE only. Always returns false.
 */
bool bm_rules_param(bm_decision *out, bm_form form, const char *field, bm_param_fault fault,
                    long min, long max);

/*
 * An approval given outside the unit (issue 13 points 9 and 11): the higher
 * secrecy authority's (FOREIGN-1, CARRY-3) or the originating authority's
 * (COPY-2). It is a record — who approved, their document number (文号) and
 * the date — never a flag the requester sets.
 */
typedef struct bm_outside_approval {
	bool given;        /* the parameter is there at all */
	bool is_record;    /* a JSON object, not true/false or text */
	bool by;           /* who approved, named */
	bool document;     /* their document number, given */
	bool date_given;   /* a date was given */
	bool date_valid;   /* and it is YYYY-MM-DD */
	int32_t date;      /* the date of the approval, valid when date_valid */
	bool legacy_given; /* the old boolean parameter was sent */
} bm_outside_approval;

/*
 * Decides whether the outside approval `field` of `form` (its rule from the
 * table: FOREIGN-1, COPY-2, CARRY-3) may be recorded: the old boolean
 * `legacy` is refused, saying what to send instead (outside_approval_flag);
 * a record lacks none of who, document number and date
 * (outside_approval_incomplete) and is not dated after `today`
 * (outside_approval_future). An absent record is allowed here: the
 * operation's own rule decides whether it needs one.
 */
bool bm_rules_outside_approval(bm_decision *out, bm_form form, const char *field,
                               const char *legacy, const bm_outside_approval *a, int32_t today);

/* The vocabulary words a form takes; each refusal names the word's rule. */
typedef enum bm_term {
	BM_TERM_LEVEL,           /* LEVEL-1, listing the five levels */
	BM_TERM_CARRIER_LEVEL,   /* LEVEL-2 when missing (level_required), else as BM_TERM_LEVEL */
	BM_TERM_PLACE_LEVEL,     /* LEVEL-1: a storage place's rating, plainly worded */
	BM_TERM_KIND,            /* REG-1: a carrier's kind; missing means paper */
	BM_TERM_URGENCY,         /* REG-5; missing means normal */
	BM_TERM_CHANNEL,         /* SEND-1; required (channel_required) */
	BM_TERM_METHOD,          /* DESTROY-3, listing the methods */
	BM_TERM_REQUEST_METHOD,  /* DESTROY-3, plainly worded (a request's parameter) */
	BM_TERM_CLASS,           /* PERSON-1: a personnel class */
	BM_TERM_PLACE_KIND,      /* KEEP-1: a storage place's kind; missing means safe */
	BM_TERM_INCIDENT_KIND,   /* INC-1: missing, overdue, leak, other */
	BM_TERM_INCIDENT_LEVEL,  /* INC-1: the level of what was lost */
	BM_TERM_INCIDENT_STATUS, /* INC-1: open, closed */
} bm_term;

/*
 * Reads a vocabulary word of kind `term` (`text` NULL: the term's default,
 * see bm_term; a level or channel NULL or "" is refused as missing). On success `*value` is the
 * word's enum value (the incident kinds and statuses: their index in the lists above). Refuses an
 * unknown word (BM_EINVALID, code invalid_<term> or unknown_class, unknown_place_kind) under the
 * term's rule.
 */
bool bm_rules_term(bm_decision *out, bm_term term, const char *text, int *value);

/* CIRC-4: reading happens in a named place, recorded when `required` (place_required). */
bool bm_rules_reading_place(bm_decision *out, bool required, bool given);

/*
 * The rule of the incident record of `kind` (missing: INV-4, overdue:
 * BORROW-6, anything else INC-1), static string.
 */
const char *bm_rules_incident_rule(const char *kind);

#endif
