/*
 * cmd_org.c — `baomi org`: departments, people, accounts, roles, places.
 */
#include "common.h"

#include <getopt.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli/cli.h"

enum {
	OPT_CODE = 0x2100,
	OPT_USERNAME,
	OPT_DEPARTMENT,
	OPT_TEMPORARY,
	OPT_ROLE,
	OPT_CLASS,
	OPT_ROLES,
	OPT_COMMITMENT,
	OPT_MAX_LEVEL,
	OPT_KIND,
	OPT_ON,
};

static const struct option org_opts[] = {
        {"code", required_argument, NULL, OPT_CODE},
        {"username", required_argument, NULL, OPT_USERNAME},
        {"department", required_argument, NULL, OPT_DEPARTMENT},
        {"temporary", no_argument, NULL, OPT_TEMPORARY},
        {"role", required_argument, NULL, OPT_ROLE},
        {"class", required_argument, NULL, OPT_CLASS},
        {"roles", required_argument, NULL, OPT_ROLES},
        {"commitment", required_argument, NULL, OPT_COMMITMENT},
        {"max-level", required_argument, NULL, OPT_MAX_LEVEL},
        {"kind", required_argument, NULL, OPT_KIND},
        {"on", required_argument, NULL, OPT_ON},
        BM_CLI_COMMON_LONGOPTS,
        {NULL, 0, NULL, 0},
};

typedef struct org_args {
	bm_cli_common common;
	const char *code, *username, *department, *role, *person_class, *roles, *commitment;
	const char *max_level, *kind, *on;
	bool temporary;
	char **positional;
	int n_positional;
} org_args;

static int parse_args(int argc, char **argv, org_args *a)
{
	int opt;
	memset(a, 0, sizeof(*a));
	bm_cli_common_init(&a->common);
	optind = 1;
	while ((opt = getopt_long(argc, argv, "h", org_opts, NULL)) != -1) {
		if (bm_cli_common_opt(&a->common, opt, optarg))
			continue;
		switch (opt) {
		case OPT_CODE: a->code = optarg; break;
		case OPT_USERNAME: a->username = optarg; break;
		case OPT_DEPARTMENT: a->department = optarg; break;
		case OPT_TEMPORARY: a->temporary = true; break;
		case OPT_ROLE: a->role = optarg; break;
		case OPT_CLASS: a->person_class = optarg; break;
		case OPT_ROLES: a->roles = optarg; break;
		case OPT_COMMITMENT: a->commitment = optarg; break;
		case OPT_MAX_LEVEL: a->max_level = optarg; break;
		case OPT_KIND: a->kind = optarg; break;
		case OPT_ON: a->on = optarg; break;
		case 'h': return 1;
		default: return bm_cli_usage("org", "unknown option");
		}
	}
	a->positional = argv + optind;
	a->n_positional = argc - optind;
	return 0;
}

static json_t *person_json(const bm_person *p)
{
	json_t *o = json_object(), *roles = json_array();
	json_object_set_new(o, "id", json_integer(p->id));
	json_object_set_new(o, "name", json_string(p->name));
	json_object_set_new(o, "username", p->username ? json_string(p->username) : json_null());
	json_object_set_new(o, "department_id",
	                    p->department_id ? json_integer(p->department_id) : json_null());
	json_object_set_new(o, "class", json_string(bm_class_names[p->person_class].code));
	json_object_set_new(o, "temporary", json_boolean(p->temporary));
	json_object_set_new(o, "commitment_signed_on",
	                    p->commitment_signed_on ? json_string(p->commitment_signed_on)
	                                            : json_null());
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

/* The lists show names, classes and roles: reading them needs a login, as everything does. */
static int do_lists(bm_cli_session *s, const char *what, bool json)
{
	json_t *arr = json_array();
	int rc = 0;

	if (strcmp(what, "depts") == 0) {
		bm_department *d;
		size_t n;
		if ((rc = bm_svc_department_list(&s->ctx, &d, &n)) != 0)
			goto done;
		for (size_t i = 0; i < n; i++) {
			json_t *o = json_object();
			json_object_set_new(o, "id", json_integer(d[i].id));
			json_object_set_new(o, "name", json_string(d[i].name));
			json_object_set_new(o, "retired_on",
			                    d[i].retired_on ? json_string(d[i].retired_on)
			                                    : json_null());
			json_object_set_new(o, "people", json_integer(d[i].n_people));
			json_array_append_new(arr, o);
			if (!json)
				printf("%4lld  %s%s%s\n", (long long)d[i].id, d[i].name,
				       d[i].retired_on ? "  已停用 retired " : "",
				       d[i].retired_on ? d[i].retired_on : "");
		}
	} else if (strcmp(what, "people") == 0) {
		bm_person *p;
		size_t n;
		if ((rc = bm_svc_person_list(&s->ctx, &p, &n)) != 0)
			goto done;
		for (size_t i = 0; i < n; i++) {
			json_array_append_new(arr, person_json(&p[i]));
			if (!json) {
				printf("%4lld  %-12s %-8s %-6s", (long long)p[i].id,
				       p[i].username ? p[i].username : "-", p[i].name,
				       bm_class_names[p[i].person_class].zh);
				for (size_t r = 0; r < p[i].n_roles; r++)
					printf(" %s", bm_role_names[p[i].roles[r].role].zh);
				printf("\n");
			}
		}
	} else {
		bm_place *p;
		size_t n;
		if ((rc = bm_svc_place_list(&s->ctx, &p, &n)) != 0)
			goto done;
		for (size_t i = 0; i < n; i++) {
			json_t *o = json_object();
			json_object_set_new(o, "id", json_integer(p[i].id));
			json_object_set_new(o, "name", json_string(p[i].name));
			json_object_set_new(o, "kind",
			                    json_string(bm_place_kind_names[p[i].kind].code));
			json_object_set_new(o, "max_level",
			                    json_string(bm_level_names[p[i].max_level].code));
			json_object_set_new(o, "retired_on",
			                    p[i].retired_on ? json_string(p[i].retired_on)
			                                    : json_null());
			json_object_set_new(o, "carriers", json_integer(p[i].n_carriers));
			json_array_append_new(arr, o);
			if (!json)
				printf("%4lld  %-16s %-6s 最高 %s / up to %s%s%s\n",
				       (long long)p[i].id, p[i].name,
				       bm_place_kind_names[p[i].kind].zh,
				       bm_level_names[p[i].max_level].zh,
				       bm_level_names[p[i].max_level].en,
				       p[i].retired_on ? "  已停用 retired " : "",
				       p[i].retired_on ? p[i].retired_on : "");
		}
	}
	if (json)
		bm_cli_print_json(arr);
done:
	json_decref(arr);
	return rc;
}

/* dept-rename, dept-retire, place-rename, place-retire (issue 14 point 14). */
static int do_rename_retire(bm_cli_session *s, const char *sub, const org_args *a)
{
	int rc;
	if (!strncmp(sub, "dept-", 5)) {
		bm_department *d;
		bool rename = !strcmp(sub, "dept-rename");
		if ((rc = rename ? bm_svc_department_rename(&s->ctx, a->positional[0],
		                                            a->positional[1], &d)
		                 : bm_svc_department_retire(&s->ctx, a->positional[0], a->on,
		                                            &d)) == 0) {
			if (rename)
				printf("部门已更名 department renamed: %lld %s\n", (long long)d->id,
				       d->name);
			else
				printf("部门已停用 department retired: %lld %s %s\n",
				       (long long)d->id, d->name, d->retired_on);
		}
	} else { /* place-rename, place-retire */
		bm_place *p;
		bool rename = !strcmp(sub, "place-rename");
		if ((rc = rename ? bm_svc_place_rename(&s->ctx, a->positional[0], a->positional[1],
		                                       &p)
		                 : bm_svc_place_retire(&s->ctx, a->positional[0], a->on, &p)) ==
		    0) {
			if (rename)
				printf("存放地点已更名 place renamed: %lld %s\n", (long long)p->id,
				       p->name);
			else
				printf("存放地点已停用 place retired: %lld %s %s\n",
				       (long long)p->id, p->name, p->retired_on);
		}
	}
	return rc;
}

int bm_cmd_org(int argc, char **argv)
{
	org_args a;
	bm_cli_session s;
	const char *sub;
	int rc;

	if (argc < 2 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0)
		return argc < 2 ? (bm_cli_help("org"), BM_EXIT_USAGE) : bm_cli_help("org");
	sub = argv[1];
	if ((rc = parse_args(argc - 1, argv + 1, &a)) != 0)
		return rc == 1 ? bm_cli_help("org") : rc;
	if (strcmp(sub, "depts") && strcmp(sub, "people") && strcmp(sub, "places") &&
	    strcmp(sub, "dept-add") && strcmp(sub, "person-add") && strcmp(sub, "grant") &&
	    strcmp(sub, "place-add") && strcmp(sub, "dept-rename") && strcmp(sub, "dept-retire") &&
	    strcmp(sub, "place-rename") && strcmp(sub, "place-retire"))
		return bm_cli_usage("org", "unknown subcommand '%s'", sub);
	if ((!strcmp(sub, "dept-rename") || !strcmp(sub, "place-rename")) && a.n_positional != 2)
		return bm_cli_usage("org", "'%s' needs the current one and the NEW NAME", sub);
	if ((!strcmp(sub, "dept-retire") || !strcmp(sub, "place-retire")) && a.n_positional != 1)
		return bm_cli_usage("org", "'%s' needs one department or place", sub);
	if ((!strcmp(sub, "dept-add") || !strcmp(sub, "person-add") || !strcmp(sub, "grant") ||
	     !strcmp(sub, "place-add")) &&
	    a.n_positional != 1)
		return bm_cli_usage("org", "'%s' needs one NAME", sub);

	if ((rc = bm_cli_session_open(&s, &a.common, true)) != 0)
		goto done;
	if (!strcmp(sub, "depts") || !strcmp(sub, "people") || !strcmp(sub, "places")) {
		rc = do_lists(&s, sub, a.common.json);
	} else if (!strcmp(sub, "dept-add")) {
		bm_department *d;
		if ((rc = bm_svc_department_add(&s.ctx, a.positional[0], a.code, &d)) == 0)
			printf("已建立部门 department added: %lld %s\n", (long long)d->id, d->name);
	} else if (!strcmp(sub, "person-add")) {
		bm_person_input in = {
		        .username = a.username,
		        .name = a.positional[0],
		        .department = a.department,
		        .temporary = a.temporary,
		        .roles = a.role,
		};
		bm_filing_half half = {0};
		bm_person *p;
		if ((rc = bm_svc_person_add(&s.ctx, &in, &p, &half)) == 0)
			bm_cli_print_filed(&half, p, a.common.json);
		sodium_memzero(&half, sizeof(half));
	} else if (!strcmp(sub, "grant")) {
		if ((rc = bm_svc_person_grant(&s.ctx, a.positional[0], a.person_class, a.roles,
		                              a.commitment)) == 0)
			printf("已授权 granted: %s\n", a.positional[0]);
	} else if (strstr(sub, "-rename") || strstr(sub, "-retire")) {
		rc = do_rename_retire(&s, sub, &a);
	} else {
		bm_place *p;
		if ((rc = bm_svc_place_add(&s.ctx, a.positional[0], a.kind, a.max_level,
		                           a.department, &p)) == 0)
			printf("已建立存放地点 place added: %lld %s\n", (long long)p->id, p->name);
	}
done:
	if (rc)
		rc = bm_cli_fail(rc, a.common.json);
	bm_cli_session_close(&s);
	return rc;
}
