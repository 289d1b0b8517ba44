/*
 * main.c — the baomi command: the table of commands and their help.
 */
#include "common.h"

#include <stdio.h>

#include "bm_version.h"
#include "cli/cli.h"

static const char help_init[] =
        "baomi init — 初始化数据库：建立单位和第一个系统管理员账户\n"
        "             create the unit and its first system administrator\n"
        "\n"
        "用法 / usage:\n"
        "  baomi init --db PATH --unit NAME [--admin USERNAME] [--name DISPLAY] "
        "[--secadmin USERNAME] [--auditor USERNAME] [--password-stdin]\n"
        "\n"
        "密码从环境变量 "
        "BAOMI_PASSWORD、标准输入（--password-stdin）或终端提示读取，绝不从命令行参数读取。\n"
        "The password comes from $BAOMI_PASSWORD, standard input (--password-stdin) or a prompt,\n"
        "never from the command line. It is the first password of the three administrators\n"
        "(SYS-1); each must change it at first login.\n"
        "默认用户名 sysadmin、secadmin、auditor。Default usernames: sysadmin, secadmin, auditor.\n";

static const char help_demo[] =
        "baomi demo — 建立演示单位 / create a demo unit\n"
        "\n"
        "用法 / usage:\n"
        "  baomi demo --db PATH [--json]\n"
        "\n"
        "在空数据库中建立演示单位：若干部门、约 20 名人员（覆盖全部角色和涉密类别）、保密柜、\n"
        "约 200 件各密级、各种载体形式的载体及其历史。所有演示账户的密码均为 Baomi@2026demo。\n"
        "Creates a demo unit in an empty database: departments, about 20 people covering every\n"
        "role and class, safes and rooms, about 200 carriers of every level and kind with "
        "history.\n"
        "Every demo account's password is Baomi@2026demo. Accounts: sysadmin, secadmin, auditor,\n"
        "clerk, leader, staff (and more; see `baomi org people`).\n";

static const char help_carrier[] =
        "baomi carrier — 涉密载体台账 / the carrier ledger\n"
        "\n"
        "用法 / usage:\n"
        "  baomi carrier register [options]         收文登记 / register an incoming carrier\n"
        "  baomi carrier make --request ID [options]\n"
        "                                           制作登记：办理经批准的制作申请（MAKE-1）/ "
        "register\n"
        "                                           the copies of an approved make request;\n"
        "                                           定密责任人、依据、期限按批准的（LEVEL-4/9）/\n"
        "                                           classifier, basis, period as approved\n"
        "                                           (--classifier U --basis ENTRY: the same)\n"
        "  baomi carrier move ID [--place P] [--custodian U] [--reason TEXT] [keeping options]\n"
        "                                           移存 / move to another place or custodian\n"
        "  baomi carrier list [filters] [--json]    台账 / list the ledger\n"
        "  baomi carrier search TEXT [--json]       检索标题和文号 / search title and number\n"
        "  baomi carrier show ID [--json]           详情和历史 / one carrier with its history\n"
        "  baomi carrier stats [--json]             按密级和状态统计 / counts by level and status\n"
        "\n"
        "登记选项 / registration options:\n"
        "  --title T         标题（必填）/ title (required)\n"
        "  --level L         密级：非密 内部 秘密 机密 绝密 / public internal confidential secret "
        "top_secret\n"
        "  --kind K          载体形式：纸质 U盘 移动硬盘 光盘 硬盘 其他 / paper usb removable_disk "
        "optical_disc hard_disk other\n"
        "  --request ID      制作申请（制作登记必填；密级、发放范围和份数以批准的为准，MAKE-1）\n"
        "                    the approved make request (required for make; its level, scope and\n"
        "                    copies are the ones made, MAKE-1)\n"
        "  --doc-number N    文号（制作登记必填）/ document number (required for make)\n"
        "  --serial N        份号（收文）/ serial copy number (incoming)\n"
        "  --pages N         页数 / pages      --copies N  份数 / copies\n"
        "  --producer A      制发机关 / producing authority\n"
        "  --sender A        发文机关 / sending authority\n"
        "  --period P        保密期限：年数（10 或 10年）或解密日期 "
        "YYYY-MM-DD；不填取该密级最长期限\n"
        "                    secrecy period: years, or a date; empty = the level's maximum "
        "(LEVEL-3/8)\n"
        "  --event TEXT --review-date D   以事件为解密条件并指定审核日期 / until an event, with a "
        "review date\n"
        "  --scope LIST      知悉范围：人员和部门，逗号分隔（dept:办公室,person:zhang）/ knowledge "
        "scope\n"
        "  --place P         存放地点 / storage place     --custodian U  保管人 / custodian\n"
        "  --department D    所属部门 / owning department\n"
        "  --received D      收到日期 / date received (default today)\n"
        "  --urgency U       平件 加急 特急 / normal urgent extra_urgent\n"
        "  --note TEXT       备注 / note\n"
        "  --letter ID       亲启信件中交回的涉密内容（REG-3，见 baomi letter）\n"
        "                    contents handed back from personal letter ID (REG-3, see baomi "
        "letter)\n"
        "\n"
        "个人保管选项（保管人不是保密员时必填，KEEP-6）/ personal keeping (custodian not a clerk, "
        "KEEP-6):\n"
        "  --keep-reason TEXT   保管理由 / why the person keeps it\n"
        "  --keep-approver U    批准人 / who approved it\n"
        "  --keep-until D       保管期限 YYYY-MM-DD（不早于今天）/ until when (not in the past)\n"
        "\n"
        "台账筛选 / list filters:\n"
        "  --level L --status S --kind K --origin O --department D --custodian U --place P\n"
        "  --from DATE --to DATE --query TEXT --sort "
        "id|-id|level|-level|title|registered|-registered\n"
        "  （登记日期按本单位时区，含首尾 / registration dates in the unit's time zone, "
        "inclusive）\n"
        "  --limit N (1-1000, default 50) --offset N\n"
        "  --after ID  从该载体之后起一页（--json 的 next）/ the page after it (--json's next)\n"
        "  --derived-from ID  该载体的复制件、摘录件和卷内件 / its copies, extracts and parts\n"
        "  --format csv|xlsx --out FILE  导出全部筛选结果 / export all matches\n"
        "\n"
        "共同选项 / common: --db PATH --user NAME --json --password-stdin\n";

static const char help_org[] =
        "baomi org — 部门、人员、账户、存放地点 / departments, people, accounts, places\n"
        "\n"
        "用法 / usage:\n"
        "  baomi org dept-add NAME [--code C]                         (系统管理员 / sysadmin)\n"
        "  baomi org person-add NAME [--username U] [--department D] [--temporary]\n"
        "                                                             (系统管理员 / sysadmin)\n"
        "      账户不带角色和密码，首次登录须经安全保密管理员批准（baomi account）\n"
        "      an account starts with no role and no password; its first login is approved\n"
        "      by the security administrator (see baomi account)\n"
        "  baomi org grant PERSON [--class C] [--roles LIST] [--commitment DATE]\n"
        "                                                             (安全保密管理员 / secadmin)\n"
        "  baomi org place-add NAME --max-level L [--kind safe|room|cabinet] [--department D]\n"
        "                                                             (安全保密管理员 / secadmin)\n"
        "  baomi org dept-rename DEPT NAME                            (系统管理员 / sysadmin)\n"
        "  baomi org dept-retire DEPT [--on DATE]                     (系统管理员 / sysadmin)\n"
        "  baomi org place-rename PLACE NAME                          (安全保密管理员 / secadmin)\n"
        "  baomi org place-retire PLACE [--on DATE]                   (安全保密管理员 / secadmin)\n"
        "      更名保留原名称；停用后不再接收人员或载体，仍有人员、载体、设备或现行责任人时\n"
        "      不能停用（ORG-1、KEEP-1、KEEP-6、DEV-1）\n"
        "      a rename keeps the former name; a retired department or place takes no new\n"
        "      people or carriers, and one still holding people, carriers, devices or a\n"
        "      current duty line is not retired (ORG-1, KEEP-1, KEEP-6, DEV-1)\n"
        "  baomi org depts | people | places [--json]   停用的标注“已停用” / retired ones marked\n";

static const char help_account[] =
        "baomi account — 账户密码重置与开通（两名管理员，SYS-1）/ resets and first logins by two "
        "administrators\n"
        "\n"
        "用法 / usage:\n"
        "  baomi account reset PERSON          提出密码重置（系统管理员）/ file a reset "
        "(sysadmin)\n"
        "  baomi account approve FILING        批准（安全保密管理员）/ approve (secadmin)\n"
        "  baomi account refuse FILING [--reason R]  拒绝 / refuse (secadmin)\n"
        "  baomi account filings [--json]      最近的申请（三员）/ latest filings (the three "
        "administrators)\n"
        "  baomi account password              修改本人密码 / change your own password\n"
        "      新密码从 BAOMI_NEW_PASSWORD、标准输入第二行或终端读取\n"
        "      the new one from $BAOMI_NEW_PASSWORD, the next line of stdin or a prompt\n"
        "\n"
        "临时密码分为两半：提出者和批准者各只看到自己的一半，当面交给本人；本人以两半连写\n"
        "（提出者的在前）登录，并须立即修改密码。批准前原密码照常可用；拒绝或逾期不改变任何东西。\n"
        "The temporary secret is split: the filer and the approver each see only their half and\n"
        "hand it over in person; the person logs in with both (the filer's first) and must change\n"
        "it at once. Until approved the old password keeps working; a refusal or expiry changes "
        "nothing.\n";

static const char help_audit[] =
        "baomi audit — 审计链 / the audit chain (SYS-3)\n"
        "\n"
        "用法 / usage:\n"
        "  baomi audit verify --db PATH            校验整条链 / verify the whole chain\n"
        "  baomi audit export --db PATH [--out F]  导出 JSON 行（审计管理员）/ export JSON lines "
        "(auditor)\n"
        "  baomi audit verify-export FILE          离线校验导出文件 / verify an export without the "
        "database\n"
        "  baomi audit list --db PATH [--limit N]  查看事件（审计管理员）/ list events (auditor)\n"
        "  baomi audit list --db PATH --format csv|xlsx --out FILE [--from DATE] [--to DATE]\n"
        "        [--actor USER] [--action PREFIX] [--kind business|read]\n"
        "        "
        "筛选后的审计日志导出为表格（操作人姓名、操作与对象的文字、详细情况、链序号与哈希；\n"
        "        日期为本单位日期，business 不含查阅类事件）/ the filtered list as a sheet "
        "(names,\n"
        "        actions and objects in words, the detail, chain position and hash; dates are the\n"
        "        unit's days, business leaves out the reads)\n"
        "  baomi audit checkpoint --db PATH        签署检查点并打印校验码（审计管理员）/ sign a "
        "checkpoint, print its code (auditor)\n"
        "\n"
        "verify 与 verify-export 对照签名检查点 / check against the signed checkpoints:\n"
        "  --checkpoints FILE   检查点文件（默认 DB.checkpoints）/ checkpoint file (default "
        "DB.checkpoints)\n"
        "  --code XXXX-XXXX-XXXX-XXXX   纸质登记簿上的校验码 / a code from the paper register\n"
        "  --audit-key PATH     审计密钥（默认 DB.sm2key，权限 0600）/ the audit key (default "
        "DB.sm2key, mode 0600)\n"
        "\n"
        "退出码 / exit: 0 完整 intact, 8 链被破坏 chain broken (names the first bad event).\n";

static const char help_backup[] =
        "baomi backup — 在线备份 / back up the database while it serves (issue 9)\n"
        "\n"
        "用法 / usage:\n"
        "  baomi backup --db PATH --out FILE [--json]\n"
        "  baomi backup --config /etc/baomi/baomi.conf   数据库与 backup_dir 取自配置文件，\n"
        "        写出 backup_dir/baomi-YYYY-MM-DD.db（夜间定时器用）/ the database and\n"
        "        backup_dir from the config file (the nightly timer's); flags win over it\n"
        "\n"
        "在服务运行时复制一份一致的数据库（SQLite 在线备份，不阻塞写入），\n"
        "校验副本（完整性检查、审计链、签名检查点），写出 FILE 与 FILE.checkpoints\n"
        "（本单位检查点加上为本次备份新签的一个；不含密钥），同一检查点也写入\n"
        "DB.checkpoints，并在审计链中记录 system.backup。FILE 已存在时拒绝。\n"
        "Copies a consistent snapshot while the server runs (SQLite's online backup; writers\n"
        "never wait): every write acknowledged before the backup began is in it. The copy is\n"
        "verified (integrity check, audit chain, signed checkpoints) and written as FILE with\n"
        "FILE.checkpoints beside it (the unit's checkpoints plus one signed for the copy; no\n"
        "key). The same checkpoint goes into DB.checkpoints; the live chain records\n"
        "system.backup. An existing FILE is refused. Print the code into the paper register.\n"
        "  --audit-key PATH     审计密钥（默认 DB.sm2key）/ the audit key (default DB.sm2key)\n"
        "  --checkpoints FILE   检查点文件（默认 DB.checkpoints）/ default DB.checkpoints\n";

static const char help_restore[] =
        "baomi restore — 从备份恢复 / restore the database from a backup (issue 9)\n"
        "\n"
        "用法 / usage:\n"
        "  baomi restore --from FILE --db PATH [--json]\n"
        "  baomi restore --from FILE --check      只校验备份 / only verify the backup\n"
        "\n"
        "先校验备份（完整性、审计链、FILE.checkpoints，链须恰好止于备份检查点；\n"
        "有 DB.sm2key 时核对签名密钥），不合格则拒绝且不作任何更改；数据库正被\n"
        "服务打开时拒绝（请先停止 baomi serve）。原数据库保留为\n"
        "PATH.before-restore-时间，检查点文件同样保留；新文件经临时文件、fsync、\n"
        "rename 原子地放入，并恢复检查点文件。恢复后的审计链记录 system.restore。\n"
        "The backup is verified first (integrity, audit chain, FILE.checkpoints; the chain must\n"
        "end at the backup's checkpoint; signed by DB.sm2key when present): a bad backup is\n"
        "refused and nothing changes. A database a running server holds is refused (stop\n"
        "baomi serve first). The replaced database is kept as PATH.before-restore-TIME, its\n"
        "checkpoint file likewise; the new file is put in place atomically (temporary file,\n"
        "fsync, rename, directory fsync) with its checkpoint file. The restored chain records\n"
        "system.restore.\n"
        "  --audit-key PATH     核对签名的密钥（默认 DB.sm2key）/ key to check against\n"
        "  --checkpoints FILE   恢复到的检查点文件（默认 DB.checkpoints）/ default "
        "DB.checkpoints\n"
        "退出码 / exit: 8 备份被篡改 backup tampered, 9 数据库正在使用 database in use.\n";

static const char help_check[] =
        "baomi check — 检查数据库是否与审计链相符 / check a database against its chain (SYS-3)\n"
        "\n"
        "用法 / usage:\n"
        "  baomi check --db PATH [--checkpoints FILE] [--audit-key PATH] [--code CODE] [--json]\n"
        "\n"
        "只读打开，不升级、不改动文件；无需登录。依次检查 / read-only, never migrates or\n"
        "changes the file; no login:\n"
        "  1. 数据库文件完整性 / SQLite integrity_check of the whole file\n"
        "  2. 审计链及签名检查点（同 audit verify）/ the chain and its signed checkpoints\n"
        "  3. 台账与审计链绑定：每件载体、借出记录、申请、人员的当前内容须与最后记录它的\n"
        "     审计事件中的摘要一致 / every carrier, loan, request and person must equal the\n"
        "     digest the last event that wrote it recorded; reported: changed after event N,\n"
        "     deleted, not in the chain. 绑定之前的旧行单独计数，不算失败 / rows last written\n"
        "     before binding began are counted as not bound and do not fail the check.\n"
        "\n"
        "退出码 / exit: 0 通过 passed, 8 有异常 a finding (listed).\n";

static const char help_migrate[] =
        "baomi migrate — 把单位连同全部历史迁到另一数据库 / move a unit with its whole history\n"
        "\n"
        "用法 / usage:\n"
        "  baomi migrate --from DB --to postgresql://USER@HOST/DB [--checkpoints FILE]\n"
        "                [--audit-key PATH] [--json]\n"
        "\n"
        "逐行复制（保留编号），不重放业务：源须先通过 baomi check（SYS-3），目标须为空库\n"
        "（打开时升级到最新结构）。在目标的一个事务内按外键顺序复制每张表、按序号复制审计\n"
        "事件，提交前核对每张表行数、审计链条数与末条哈希、每行台账与审计链一致；任何一步\n"
        "失败则全部撤销，目标保持为空。提交后目标对照同一检查点通过 baomi check。\n"
        "Copies rows with their ids (no replay of use cases): the source must pass baomi\n"
        "check (SYS-3); the target must be empty (opening it brings it to the latest schema).\n"
        "One transaction on the target: every table in foreign-key order, the audit events\n"
        "in seq order; before the commit each table's row count, the chain's count and last\n"
        "hash and every bound row are checked against the source; any failure rolls it all\n"
        "back and the target stays empty. After the commit the target passes baomi check\n"
        "against the same checkpoints. 两个方向均可 / either way:\n"
        "  baomi migrate --from postgresql://… --to new.db   迁回新的 SQLite 文件 / back\n"
        "目标库的角色须拥有其表 / the target's role must own its tables (triggers are set\n"
        "aside during the copy).\n"
        "  --checkpoints FILE   检查点文件（默认 DB.checkpoints）/ default DB.checkpoints\n"
        "  --audit-key PATH     核对签名的密钥（默认 DB.sm2key）/ default DB.sm2key\n"
        "\n"
        "退出码 / exit: 0 完成 done, 8 源未通过检查或复制不符 source fails its check or the copy\n"
        "differs, 6 目标非空 target not empty.\n";

static const char help_policy[] =
        "baomi policy — 本单位保密制度设置 / the unit's policy (SYS-5)\n"
        "\n"
        "用法 / usage:\n"
        "  baomi policy show [--json]                当前版本的全部设置 / every setting in force\n"
        "  baomi policy export [--out FILE]          导出为文本 / export as a text file\n"
        "  baomi policy import FILE --comment TEXT   导入新版本（安全保密管理员）/ install a new "
        "version (secadmin)\n"
        "  baomi policy print [--lang zh|en]         打印为本单位保密工作制度 / print as the "
        "unit's regulations\n"
        "  baomi policy history [--json]             历次版本 / every version\n"
        "\n"
        "文本格式：每行 `键 = 值`，# 开头为注释；未写出的键取默认值。\n"
        "Text format: `key = value` lines, '#' comments; keys not given keep their defaults.\n"
        "See docs/policy.md for every key, its default and the rule it serves.\n";

static const char help_serve[] =
        "baomi serve — 运行 HTTP API 服务 / serve the HTTP JSON API (/api/v1)\n"
        "\n"
        "用法 / usage:\n"
        "  baomi serve --db PATH [--listen ADDR:PORT] [--threads N] [--max-connections N]\n"
        "              [--max-connections-per-ip N] [--connection-timeout S]\n"
        "              [--tls-cert CERT.pem --tls-key KEY.pem] [--config FILE] [--print-config]\n"
        "  baomi serve --print-routes             列出全部接口 / list every route\n"
        "\n"
        "  --listen ADDR:PORT  监听地址，默认 127.0.0.1:8080；端口 0 自动选择\n"
        "                      address to listen on (default 127.0.0.1:8080; port 0 picks one)\n"
        "  --threads N         工作线程数（默认 4）/ worker threads (default 4)\n"
        "  --max-connections N 同时连接总数上限（默认 512）/ open connections in all (default "
        "512)\n"
        "  --max-connections-per-ip N\n"
        "                      单个地址的连接上限（默认 64；反向代理后应调高）\n"
        "                      open connections from one address (default 64; raise it behind\n"
        "                      a reverse proxy, where every client has the proxy's address)\n"
        "  --connection-timeout S\n"
        "                      空闲连接在 S 秒后关闭（默认 15）/ close idle connections after S\n"
        "                      seconds (default 15)\n"
        "  --tls-cert F --tls-key F\n"
        "                      以 HTTPS 提供服务（PEM 证书与私钥），会话 Cookie 带 Secure；\n"
        "                      不再接受明文 HTTP / serve HTTPS only (PEM certificate and key);\n"
        "                      the session cookie is Secure, plain HTTP is not answered\n"
        "  --config FILE       读取配置文件（安装后为 /etc/baomi/baomi.conf；也可用环境变量\n"
        "                      BAOMI_CONFIG）；命令行选项优先 / read FILE (key = value; flags\n"
        "                      win over it, it wins over $BAOMI_DB); an unknown key is an error\n"
        "  --print-config      打印生效的设置后退出 / print the settings in effect and exit\n"
        "\n"
        "请求地址最长 8192 字节（414）、查询参数最多 64 个（400）、请求头最多约 32 KiB（431）。\n"
        "The request target is at most 8192 bytes (414), 64 query parameters (400), headers\n"
        "about 32 KiB (431). A second server on a port already in use fails (address_in_use).\n"
        "\n"
        "启动后打印服务地址；收到 SIGTERM 或 SIGINT "
        "时停止接收新请求，处理完进行中的请求后退出（退出码 0）。\n"
        "Prints the URL once listening. On SIGTERM or SIGINT it stops accepting, lets requests in\n"
        "flight finish, closes the database and exits 0. The API is described in "
        "docs/openapi.yaml.\n"
        "\n"
        "数据库文件的完整性检查在服务启动后于后台进行（GET /api/v1/health 的 integrity）；\n"
        "发现损坏时记入日志，此后除 /api/v1/health 外一律答 503 database_corrupt。\n"
        "The file's integrity check runs beside the requests once serving (integrity on GET\n"
        "/api/v1/health); a damaged file is logged and every request but /api/v1/health is\n"
        "then answered 503 database_corrupt: run baomi check and restore a backup.\n";

static const char help_help[] =
        "baomi help [COMMAND] — 帮助 / help\n"
        "\n"
        "退出码 / exit codes:\n"
        "  0 成功 success          1 内部错误 internal error     2 用法错误 usage error\n"
        "  3 输入无效 invalid input 4 不存在 not found             5 被规则或权限拒绝 refused\n"
        "  6 冲突 conflict         7 超过上限 too large           8 审计链被破坏 audit chain "
        "broken\n"
        "  9 已锁定 locked\n";

const bm_cli_cmd bm_cli_commands[] = {
        {"init", bm_cmd_init, "初始化数据库", "create the unit and first administrator", help_init},
        {"demo", bm_cmd_demo, "建立演示单位", "create a demo unit", help_demo},
        {"carrier", bm_cmd_carrier, "涉密载体台账", "the carrier ledger", help_carrier},
        {"import", bm_cmd_import, "导入现有台账（CSV、Excel）",
         "import existing ledgers (CSV, Excel)", bm_help_import},
        {"org", bm_cmd_org, "部门、人员、存放地点", "departments, people, places", help_org},
        {"account", bm_cmd_account, "账户重置与开通（两名管理员）",
         "account resets and first logins (two administrators)", help_account},
        {"policy", bm_cmd_policy, "保密制度设置", "the unit's policy", help_policy},
        {"audit", bm_cmd_audit, "审计链", "the audit chain", help_audit},
        {"backup", bm_cmd_backup, "在线备份", "back up the database", help_backup},
        {"restore", bm_cmd_restore, "从备份恢复", "restore from a backup", help_restore},
        {"check", bm_cmd_check, "检查数据库与审计链", "check the database against its chain",
         help_check},
        {"migrate", bm_cmd_migrate, "迁移到另一数据库", "move a unit to another database",
         help_migrate},
        {"serve", bm_cmd_serve, "运行 HTTP API 服务", "serve the HTTP API", help_serve},
        {"execute", bm_cmd_execute, "办理已批准的申请", "carry out approved requests",
         bm_help_execute},
        {"handover", bm_cmd_handover, "移交载体", "hand over carriers", bm_help_handover},
        {"depart", bm_cmd_depart, "离岗登记", "record a departure", bm_help_depart},
        {"return-to-issuer", bm_cmd_return_to_issuer, "清退载体", "return to issuer",
         bm_help_return_to_issuer},
        {"volume", bm_cmd_volume, "汇编、案卷", "volumes and compilations", bm_help_volume},
        {"alerts", bm_cmd_alerts, "提醒（逾期、到期、待办）", "alerts: overdue, due, pending",
         bm_help_alerts},
        {"register", bm_cmd_register, "登记簿（收文、发文、借阅等）",
         "the registers (incoming, borrowing …)", bm_help_register},
        {"request", bm_cmd_request, "审批申请", "requests that need approval", bm_help_request},
        {"approve", bm_cmd_approve, "同意申请", "approve a request", bm_help_request},
        {"reject", bm_cmd_reject, "驳回申请", "reject a request", bm_help_request},
        {"inbox", bm_cmd_inbox, "待我审批", "requests waiting for my decision", bm_help_request},
        {"desk", bm_cmd_desk, "借阅台：发出、收回、传阅",
         "the clerk's desk: issue, check in, circulate", bm_help_desk},
        {"send", bm_cmd_send, "发文、传递、签收", "send carriers: channel, courier, receipts",
         bm_help_send},
        {"count", bm_cmd_count, "清查", "count the carriers against the ledger", bm_help_count},
        {"incident", bm_cmd_incident, "失泄密事件", "incidents: losses and leaks",
         bm_help_incident},
        {"person", bm_cmd_person, "涉密人员登记", "the register of cleared people", bm_help_person},
        {"training", bm_cmd_training, "保密教育培训", "training sessions", bm_help_training},
        {"letter", bm_cmd_letter, "亲启信件", "personal letters (领导亲启)", bm_help_letter},
        {"site", bm_cmd_site, "保密要害部门部位", "key departments and places", bm_help_site},
        {"meeting", bm_cmd_meeting, "涉密会议", "classified meetings", bm_help_meeting},
        {"inspection", bm_cmd_inspection, "保密检查与整改", "inspections and rectifications",
         bm_help_inspection},
        {"device", bm_cmd_device, "涉密设备与存储介质", "classified devices and media",
         bm_help_device},
        {"merit", bm_cmd_merit, "奖惩登记", "the register of rewards and sanctions", bm_help_merit},
        {"duty", bm_cmd_duty, "保密工作责任制", "the responsibility system (ORG-1)", bm_help_duty},
        {"selfcheck", bm_cmd_selfcheck, "保密自查自评", "the yearly self-assessment (INSP-4)",
         bm_help_selfcheck},
        {"report", bm_cmd_report, "保密工作报告", "the unit's reports to its leadership",
         bm_help_report},
        {"publication", bm_cmd_publication, "信息公开保密审查", "publication review",
         bm_help_publication},
        {"help", cmd_help, "帮助", "help", help_help},
};
const size_t bm_cli_command_count = BM_ARRAY_LEN(bm_cli_commands);

static void overview(FILE *out)
{
	fprintf(out, "baomi %s — 保密管理系统 / confidentiality management\n\n", BM_VERSION);
	fprintf(out, "用法 / usage: baomi COMMAND [options]\n\n");
	for (size_t i = 0; i < bm_cli_command_count; i++)
		fprintf(out, "  %-10s %s / %s\n", bm_cli_commands[i].name,
		        bm_cli_commands[i].summary_zh, bm_cli_commands[i].summary_en);
	fprintf(out, "\n  baomi help COMMAND     详细帮助 / full help\n"
	             "  baomi --version        版本 / version\n");
}

int cmd_help(int argc, char **argv)
{
	if (argc > 1)
		return bm_cli_help(argv[1]);
	overview(stdout);
	printf("\n%s", help_help);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		overview(stderr);
		return BM_EXIT_USAGE;
	}
	if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "version") == 0) {
		printf("baomi %s\n", BM_VERSION);
		return 0;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)
		return cmd_help(1, argv);
	for (size_t i = 0; i < bm_cli_command_count; i++)
		if (strcmp(bm_cli_commands[i].name, argv[1]) == 0)
			return bm_cli_commands[i].fn(argc - 1, argv + 1);
	fprintf(stderr, "baomi: 未知命令 '%s' / unknown command '%s'\n\n", argv[1], argv[1]);
	overview(stderr);
	return BM_EXIT_USAGE;
}
