#!/usr/bin/env bash
# scripts/run.sh BAOMI DB — `make run`: creates the demo unit if the database
# is absent, verifies the audit chain, then runs the main job: `baomi serve`
# on 127.0.0.1:8080 (LISTEN overrides) until Ctrl-C.
set -euo pipefail
baomi=$1
db=$2
listen=${LISTEN:-127.0.0.1:8080}
pw='Baomi@2026demo'

if [ ! -f "$db" ]; then
	echo "== 建立演示单位 / creating the demo unit in $db"
	"$baomi" demo --db "$db"
fi

echo
echo "== 审计链 / audit chain"
"$baomi" audit verify --db "$db"
cat <<TXT

演示账户（密码均为 $pw）/ demo accounts (password $pw for all):
  sysadmin 系统管理员   secadmin 安全保密管理员   auditor 安全审计员
  clerk 保密员          leader 分管领导           staff 工作人员

服务地址 / URL:  http://$listen/
接口 / API:      http://$listen/api/v1/health   (docs/openapi.yaml)

试试 / try:
  curl -s http://$listen/api/v1/health
  TOKEN=\$(curl -s -H 'Content-Type: application/json' \\
      -d '{"username":"clerk","password":"$pw"}' http://$listen/api/v1/session |
      sed -E 's/.*"token":"([^"]+)".*/\\1/')
  curl -s -H "Authorization: Bearer \$TOKEN" 'http://$listen/api/v1/carriers?q=机密&limit=5'

命令行 / command line:
  BAOMI_DB=$db BAOMI_USER=clerk BAOMI_PASSWORD='$pw' $baomi carrier search 通知

按 Ctrl-C 停止 / press Ctrl-C to stop.

TXT
exec "$baomi" serve --db "$db" --listen "$listen"
