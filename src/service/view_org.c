/*
 * view_org.c — people, departments, places and audit events as JSON, one
 * shape for the API (and the CLI's --json when it adopts them).
 */
#include "common.h"

#include "service/service.h"

static json_t *str_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

static const char *const person_status_codes[] = {"active", "disabled", "left"};

json_t *bm_person_to_json(const bm_person *p)
{
	json_t *o = json_object(), *roles = json_array();
	json_object_set_new(o, "id", json_integer(p->id));
	json_object_set_new(o, "name", json_string(p->name));
	json_object_set_new(o, "username", str_or_null(p->username));
	json_object_set_new(o, "department_id",
	                    p->department_id ? json_integer(p->department_id) : json_null());
	json_object_set_new(o, "class", json_string(bm_class_names[p->person_class].code));
	json_object_set_new(o, "temporary", json_boolean(p->temporary));
	json_object_set_new(o, "status", json_string(person_status_codes[p->status]));
	json_object_set_new(o, "must_change_password", json_boolean(p->must_change_password));
	json_object_set_new(o, "commitment_signed_on", str_or_null(p->commitment_signed_on));
	for (size_t i = 0; i < p->n_roles; i++) {
		json_t *r = json_object();
		json_object_set_new(r, "role", json_string(bm_role_names[p->roles[i].role].code));
		if (p->roles[i].department_id)
			json_object_set_new(r, "department_id",
			                    json_integer(p->roles[i].department_id));
		json_array_append_new(roles, r);
	}
	json_object_set_new(o, "roles", roles);
	return o;
}

/* Issue 14 point 14: retired or not, since when, and the former names (oldest first). */
static void org_state(json_t *o, const char *retired_on, const char *former)
{
	json_t *names = former ? json_loads(former, 0, NULL) : NULL;
	json_object_set_new(o, "retired", json_boolean(retired_on != NULL));
	json_object_set_new(o, "retired_on", str_or_null(retired_on));
	json_object_set_new(o, "former_names", json_is_array(names) ? names : json_array());
	if (names && !json_is_array(names))
		json_decref(names);
}

json_t *bm_department_to_json(const bm_department *d)
{
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer(d->id));
	json_object_set_new(o, "name", json_string(d->name));
	json_object_set_new(o, "code", str_or_null(d->code));
	org_state(o, d->retired_on, d->former);
	return o;
}

json_t *bm_place_to_json(const bm_place *p)
{
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer(p->id));
	json_object_set_new(o, "name", json_string(p->name));
	json_object_set_new(o, "kind", json_string(bm_place_kind_names[p->kind].code));
	json_object_set_new(o, "max_level", json_string(bm_level_names[p->max_level].code));
	json_object_set_new(o, "department_id",
	                    p->department_id ? json_integer(p->department_id) : json_null());
	org_state(o, p->retired_on, p->former);
	return o;
}

json_t *bm_audit_row_to_json(const bm_audit_row *r)
{
	json_t *o = json_object();
	json_t *detail = r->detail ? json_loads(r->detail, 0, NULL) : NULL;
	if (!detail)
		detail = str_or_null(r->detail);
	json_object_set_new(o, "seq", json_integer(r->seq));
	json_object_set_new(o, "at", str_or_null(r->at));
	json_object_set_new(o, "actor", str_or_null(r->actor));
	json_object_set_new(o, "action", str_or_null(r->action));
	json_object_set_new(o, "object", str_or_null(r->object));
	json_object_set_new(o, "outcome", str_or_null(r->outcome));
	json_object_set_new(o, "rule", str_or_null(r->rule));
	json_object_set_new(o, "detail", detail);
	json_object_set_new(o, "alg", str_or_null(r->alg));
	json_object_set_new(o, "prev_hash", str_or_null(r->prev_hash));
	json_object_set_new(o, "hash", str_or_null(r->hash));
	return o;
}
