/*
 * print.c — the unit's own regulation text (保密工作制度) rendered from the
 * policy (SYS-5): chapters of numbered articles, each citing its rule IDs.
 * The rows of the key table, in order, are the articles.
 */
#include "common.h"
#include "policy/policy.h"
#include "policy/policy_int.h"

#include <stdio.h>

#include "util/timeutil.h"

static const struct {
	const char *zh, *en;
} chapters[] = {
        {"定密管理", "Classification"},
        {"登记", "Registration"},
        {"制作与印制", "Making and printing"},
        {"发送、传递与对外提供", "Sending, transmission and provision abroad"},
        {"传阅与阅文", "Circulation and reading"},
        {"借阅与查阅", "Borrowing and consultation"},
        {"复制与摘录", "Copying and extracts"},
        {"携带外出", "Taking carriers out"},
        {"保管、移交与清退", "Custody, handover and return"},
        {"销毁", "Destruction"},
        {"清查", "Inventory"},
        {"涉密人员", "Cleared personnel"},
        {"涉密设备与信息系统", "Devices and the information system"},
        {"失泄密事件与检查", "Incidents and inspections"},
        {"附则", "Supplementary provisions"},
};

void bm_policy_zh_number(int n, char *out, size_t size)
{
	static const char *const digit[] = {"零", "一", "二", "三", "四",
	                                    "五", "六", "七", "八", "九"};
	int h = n / 100, t = (n / 10) % 10, u = n % 10;
	size_t len = 0;

	out[0] = '\0';
	if (n <= 0 || n > 999) {
		snprintf(out, size, "%d", n);
		return;
	}
	if (h)
		len += (size_t)snprintf(out + len, size - len, "%s百", digit[h]);
	if (t) {
		if (h || t != 1)
			len += (size_t)snprintf(out + len, size - len, "%s", digit[t]);
		len += (size_t)snprintf(out + len, size - len, "十");
	} else if (h && u) {
		len += (size_t)snprintf(out + len, size - len, "零");
	}
	if (u && len < size)
		snprintf(out + len, size - len, "%s", digit[u]);
}

static int put_dates_human(const bm_date_list *l, bool en, bm_buf *out)
{
	int rc = 0;
	if (l->n == 0)
		return bm_buf_puts(out, en ? "none" : "无");
	for (int i = 0; i < l->n && rc == 0;) {
		int j = i;
		char a[BM_DATE_LEN], b[BM_DATE_LEN];
		while (j + 1 < l->n && l->dates[j + 1] == l->dates[j] + 1)
			j++;
		bm_date_format(l->dates[i], a);
		bm_date_format(l->dates[j], b);
		if (i)
			rc = bm_buf_puts(out, en ? ", " : "、");
		if (rc == 0)
			rc = j > i ? bm_buf_printf(out, en ? "%s to %s" : "%s至%s", a, b)
			           : bm_buf_puts(out, a);
		i = j + 1;
	}
	return rc;
}

/* The value as a reader of the regulation should see it. */
static int put_human(const policy_key *k, const bm_policy *p, bool en, bm_buf *out)
{
	const void *f = (const char *)p + k->offset;
	int rc = 0;

	switch (k->type) {
	case KT_INT: return bm_buf_printf(out, "%d", *(const int *)f);
	case KT_BOOL: {
		int i = *(const bool *)f ? 1 : 0;
		if (k->vocab)
			return bm_buf_puts(out, en ? k->vocab[i].en : k->vocab[i].zh);
		return bm_buf_puts(out, en ? (i ? "yes" : "no") : (i ? "是" : "否"));
	}
	case KT_CHOICE: {
		int i = *(const int *)f;
		if (i < 0 || i >= k->nvocab)
			return bm_buf_puts(out, "?");
		return bm_buf_puts(out, en ? k->vocab[i].en : k->vocab[i].zh);
	}
	case KT_ROLES: {
		const bm_role_list *l = f;
		if (l->n == 0)
			return bm_buf_puts(out, en ? "no approval needed" : "无需审批");
		rc = bm_buf_puts(out, en ? "approved by the " : "由");
		for (int i = 0; i < l->n && rc == 0; i++) {
			if (i)
				rc = bm_buf_puts(out, en ? ", then the " : "、");
			if (rc == 0)
				rc = bm_buf_puts(out, en ? bm_role_names[l->roles[i]].en
				                         : bm_role_names[l->roles[i]].zh);
		}
		if (rc == 0 && !en)
			rc = bm_buf_puts(out, l->n > 1 ? "依次审批" : "审批");
		return rc;
	}
	case KT_SET: {
		unsigned mask = *(const unsigned *)f;
		bool first = true;
		if (!mask)
			return bm_buf_puts(out, en ? "none" : "无");
		for (int b = 0; b < k->nvocab && rc == 0; b++)
			if (mask & (1u << (unsigned)b)) {
				rc = bm_buf_printf(out, "%s%s", first ? "" : (en ? ", " : "、"),
				                   en ? k->vocab[b].en : k->vocab[b].zh);
				first = false;
			}
		return rc;
	}
	case KT_DATES: return put_dates_human(f, en, out);
	case KT_TEXT: break;
	}
	return 0;
}

/*
 * Appends `tmpl` with its "%s" replaced by `value`. The key table's clause
 * templates are not handed to printf as formats: the build checks every
 * format (-Wformat-nonliteral), and a template is data.
 */
static int put_template(const char *tmpl, const char *value, bm_buf *out)
{
	const char *hole = strstr(tmpl, "%s");
	int rc;

	if (!hole)
		return bm_buf_puts(out, tmpl);
	if ((rc = bm_buf_put(out, tmpl, (size_t)(hole - tmpl))) != 0 ||
	    (rc = bm_buf_puts(out, value)) != 0)
		return rc;
	return bm_buf_puts(out, hole + 2);
}

/* Appends one clause: the row's template with its value. */
static int put_clause(const policy_key *k, const bm_policy *p, bool en, bm_buf *out)
{
	bm_buf value;
	int rc;

	bm_buf_init(&value, 0);
	rc = put_human(k, p, en, &value);
	if (rc == 0)
		rc = put_template(en ? k->en : k->zh, value.ptr ? value.ptr : "", out);
	bm_buf_release(&value);
	return rc;
}

/* Appends the article made of rows [first, end). */
static int put_article(const bm_policy *p, size_t first, size_t end, int number, bool en,
                       bm_buf *out)
{
	const policy_key *lead = &bm_policy_keys[first];
	const char *lead_text = en ? lead->lead_en : lead->lead_zh;
	bool clauses = lead->type != KT_TEXT;
	const char *rules[8];
	size_t n_rules = 0;
	int rc;

	if (en)
		rc = bm_buf_printf(out, "Article %d. ", number);
	else {
		char num[32];
		bm_policy_zh_number(number, num, sizeof(num));
		rc = bm_buf_printf(out, "第%s条　", num);
	}
	if (rc == 0 && lead_text && *lead_text)
		rc = bm_buf_printf(out, "%s%s", lead_text, clauses ? (en ? ": " : "：") : "");
	for (size_t i = first; i < end && rc == 0; i++) {
		const policy_key *k = &bm_policy_keys[i];
		bool seen = false;
		if (k->type != KT_TEXT) {
			if (i > first)
				rc = bm_buf_puts(out, en ? "; " : "；");
			if (rc == 0)
				rc = put_clause(k, p, en, out);
		}
		for (size_t j = 0; j < n_rules; j++)
			seen |= strcmp(rules[j], k->rule) == 0;
		if (!seen && n_rules < BM_ARRAY_LEN(rules))
			rules[n_rules++] = k->rule;
	}
	if (rc == 0)
		rc = bm_buf_puts(out, en ? ". (" : "。（");
	for (size_t j = 0; j < n_rules && rc == 0; j++)
		rc = bm_buf_printf(out, "%s%s", j ? (en ? ", " : "、") : "", rules[j]);
	if (rc == 0)
		rc = bm_buf_puts(out, en ? ")\n" : "）\n");
	return rc;
}

/* The keys [first, end) of the article that starts at `first`. */
static size_t article_end(size_t first)
{
	size_t end = first + 1;
	while (end < bm_policy_nkeys && !bm_policy_keys[end].lead_zh &&
	       bm_policy_keys[end].chapter == bm_policy_keys[first].chapter)
		end++;
	return end;
}

int bm_policy_rule_article(const char *rule)
{
	int article = 0;
	if (!rule || !*rule)
		return 0;
	for (size_t i = 0; i < bm_policy_nkeys;) {
		size_t end = article_end(i);
		article++;
		for (size_t j = i; j < end; j++)
			if (strcmp(bm_policy_keys[j].rule, rule) == 0)
				return article;
		i = end;
	}
	return 0;
}

/*
 * What an int setting counts, from the first word of its key that says so,
 * read from the end ("borrow.term_days.secret": working days; within a word
 * the first row of the table that ends it wins).
 */
static void unit_of(const char *key, const char **zh, const char **en)
{
	static const struct {
		const char *end, *zh, *en;
	} units[] = {
	        /* BORROW-2: borrowing terms count working days, not calendar days */
	        {"term_days", "个工作日", "working days"},
	        {"_years", "年", "years"},
	        {"_months", "个月", "months"},
	        {"_days", "日", "days"},
	        {"_hours", "小时", "hours"},
	        {"_minutes", "分钟", "minutes"},
	        {"_failures", "次", "times"},
	        {"escorts", "人", "people"},
	        {"_witnesses", "人", "people"},
	        {"_holders_max", "人", "people"},
	        {"_length", "个字符", "characters"},
	        {"_classes", "类", "classes"},
	        {"_history", "个", "passwords"},
	        {"_sessions", "个", "sessions"},
	        {"_day", "日", "day of month"},
	        {"_month", "月", "month"},
	};
	const char *end = key + strlen(key);
	*zh = *en = "";
	while (end > key) {
		const char *start = end;
		while (start > key && start[-1] != '.')
			start--;
		for (size_t i = 0; i < BM_ARRAY_LEN(units); i++) {
			size_t n = strlen(units[i].end);
			if ((size_t)(end - start) >= n && memcmp(end - n, units[i].end, n) == 0) {
				*zh = units[i].zh;
				*en = units[i].en;
				return;
			}
		}
		end = start > key ? start - 1 : key;
	}
}

/*
 * A yes/no setting's own name on the policy screen: its clause is the
 * value's words alone ("每年年底进行一次全面清查"), so without this the screen
 * could only name it by its article. "" for the other settings.
 */
static void bool_label(const policy_key *k, const char **zh, const char **en)
{
	static const struct {
		const char *key, *zh, *en;
	} labels[] = {
	        {"inventory.year_end", "年终全面清查", "Full count at year end"},
	        {"training.lapse_blocks", "培训逾期是否限制接触涉密载体",
	         "Whether lapsed training restricts access"},
	};
	*zh = *en = "";
	for (size_t i = 0; k->type == KT_BOOL && i < BM_ARRAY_LEN(labels); i++)
		if (strcmp(k->key, labels[i].key) == 0) {
			*zh = labels[i].zh;
			*en = labels[i].en;
		}
}

bool bm_policy_key_info_at(size_t i, bm_policy_key_info *out)
{
	static const char *const types[] = {"int", "bool", "choice", "roles", "set", "dates", ""};
	const char *lead_zh = "", *lead_en = "";
	int article = 0;

	for (size_t j = 0; j < bm_policy_nkeys; j++) {
		const policy_key *k = &bm_policy_keys[j];
		if (j == 0 || k->lead_zh || k->chapter != bm_policy_keys[j - 1].chapter) {
			article++;
			lead_zh = k->lead_zh ? k->lead_zh : "";
			lead_en = k->lead_en ? k->lead_en : "";
		}
		if (!k->key || i-- != 0)
			continue;
		memset(out, 0, sizeof(*out));
		out->key = k->key;
		out->type = types[k->type];
		out->min = k->min;
		out->max = k->max;
		out->vocab = k->vocab;
		out->nvocab = k->nvocab;
		out->must = k->must;
		out->def = k->def;
		out->rule = k->rule;
		out->chapter = k->chapter;
		out->article = article;
		if (k->chapter >= 1 && k->chapter <= (int)BM_ARRAY_LEN(chapters)) {
			out->chapter_zh = chapters[k->chapter - 1].zh;
			out->chapter_en = chapters[k->chapter - 1].en;
		} else {
			out->chapter_zh = out->chapter_en = "";
		}
		out->lead_zh = lead_zh;
		out->lead_en = lead_en;
		out->zh = k->zh ? k->zh : "";
		out->en = k->en ? k->en : "";
		out->unit_zh = out->unit_en = "";
		bool_label(k, &out->label_zh, &out->label_en);
		if (k->type == KT_INT)
			unit_of(k->key, &out->unit_zh, &out->unit_en);
		return true;
	}
	return false;
}

int bm_policy_print(const bm_policy *p, const char *unit_name, bool english, bm_buf *out)
{
	int rc, article = 0, chapter = 0;
	const char *unit = unit_name && *unit_name ? unit_name : NULL;

	if (english)
		rc = bm_buf_printf(out,
		                   "%s%sConfidentiality Rules\n(generated from policy version %d; "
		                   "rule IDs refer to the baomi regulations catalogue)\n",
		                   unit ? unit : "", unit ? " " : "", p->version);
	else
		rc = bm_buf_printf(
		        out,
		        "%s保密工作制度\n（依据本单位保密策略第 %d 版生成；括号内为规则编号）\n",
		        unit ? unit : "", p->version);
	for (size_t i = 0; i < bm_policy_nkeys && rc == 0;) {
		const policy_key *k = &bm_policy_keys[i];
		size_t end = article_end(i);

		if (k->chapter != chapter) {
			chapter = k->chapter;
			if (chapter >= 1 && chapter <= (int)BM_ARRAY_LEN(chapters)) {
				if (english)
					rc = bm_buf_printf(out, "\nChapter %d  %s\n", chapter,
					                   chapters[chapter - 1].en);
				else {
					char num[32];
					bm_policy_zh_number(chapter, num, sizeof(num));
					rc = bm_buf_printf(out, "\n第%s章　%s\n", num,
					                   chapters[chapter - 1].zh);
				}
			}
		}
		if (rc == 0)
			rc = put_article(p, i, end, ++article, english, out);
		i = end;
	}
	return rc;
}
