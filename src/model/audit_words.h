/*
 * audit_words.h — the audit events in words (issue 14 point 12): the one
 * catalogue of audit actions, zh and en, that the audit screen, the audit
 * list's CSV/xlsx export and the CLI all show, and which actions are reads
 * (an auditor hides them to see the business events).
 *
 * An action is "<object>.<verb>" ("carrier.register_incoming", "login"). A
 * catalogued action has its own words; any other is named from its object's
 * noun and its verb's word when both are known, and is a business event (an
 * unknown action is never hidden as a read). tests/check_audit_words.py
 * checks that every action the sources write is catalogued.
 */
#ifndef BM_AUDIT_WORDS_H
#define BM_AUDIT_WORDS_H

#include <stdbool.h>
#include <stddef.h>

typedef struct bm_audit_action_word {
	const char *code; /* the action as the chain records it */
	const char *zh;
	const char *en;
	bool read; /* a read: looks, changes nothing (SYS-3 audits it all the same) */
} bm_audit_action_word;

extern const bm_audit_action_word bm_audit_actions[];
extern const size_t bm_audit_action_count;

/* The catalogue's entry for `action`, or NULL. */
const bm_audit_action_word *bm_audit_action_find(const char *action);

/* True when `action` is a catalogued read. */
bool bm_audit_action_is_read(const char *action);

/*
 * The action in words into zh/en (each `size` bytes): the catalogue's, or
 * the object's noun and the verb's word, or the action itself.
 */
void bm_audit_action_words(const char *action, char *zh, char *en, size_t size);

/* An object ("carrier:12", "audit", "") in words: "载体 #12" / "carrier #12". */
void bm_audit_object_words(const char *object, char *zh, char *en, size_t size);

/* The noun of an object type ("carrier" → 载体 / carrier), or NULL. */
const char *bm_audit_noun(const char *type, bool zh);

#endif
