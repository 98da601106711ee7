#!/usr/bin/env bash
# One season in a few minutes, with the demo logins (password demo-2021) and the sample files here.
# Start the server first (`make run`), then: examples/walkthrough.sh
# The same script runs in `make test`, so it stays true.
set -euo pipefail
cd "$(dirname "$0")"
coalflow=${COALFLOW:-../.build/debug/coalflow}
as() { printf '%s\n' "${PASSWORD:-demo-2021}" | "$coalflow" login --login "$1" --password-stdin; }

echo "== 1. A village registers its households (登记) and posts them publicly (公示)"
as caiyuan-demo1
form=$("$coalflow" registration create --year 2021 --file households.csv)
"$coalflow" registration publicize "$form" --from 2021-09-01 --to 2021-09-07
"$coalflow" registration notice "$form" --format csv
"$coalflow" submit "$form"

echo "== 2. Returned and corrected: the street returns it (退回), the village amends the list and posts it again"
as caiyuan
"$coalflow" return "$form" --reason "李秀英应为 3.5 吨；漏登孙玉兰"
as caiyuan-demo1
"$coalflow" registration amend "$form" --file households-corrected.csv
"$coalflow" registration publicize "$form" --from 2021-09-08 --to 2021-09-14
"$coalflow" submit "$form"

echo "== 3. The street approves: its households are released to the street's delivery companies"
as caiyuan
"$coalflow" queue
"$coalflow" approve "$form" --comment 同意

echo "== 4. 发改局 reviews, 财政局 files (审核备案)"
as fgj
"$coalflow" approve "$form"
as czj
"$coalflow" approve "$form"

echo "== 5. The companies deliver and issue sales slips (销售单)"
as demo-coal-a
"$coalflow" slip import slips.csv
"$coalflow" slip list --month 2021-11
as demo-stove
slip=$("$coalflow" slip create --id-number 370902196503120016 --date 2021-11-10 --stoves 1)
"$coalflow" slip print "$slip"

echo "== 6. The coal company summarises November for 财源街道 and seals it (销售汇总表)"
as demo-coal-a
summary=$("$coalflow" summary create --street caiyuan --month 2021-11)
"$coalflow" submit "$summary"

echo "== 7. The summary goes street → 发改局 → 财政局, which files it: the subsidy can be paid"
for login in caiyuan fgj czj; do
  as "$login"
  "$coalflow" approve "$summary"
done
"$coalflow" show "$summary"

echo "== 8. The leading group office: progress, the monthly dispatch, the year-end export, the audit trail"
as office
"$coalflow" track
"$coalflow" progress --year 2021
"$coalflow" report monthly --month 2021-11
out=${EXPORT_DIR:-$(mktemp -d)}
"$coalflow" export year-end --year 2021 --format xlsx -o "$out/2021-年考核.xlsx"
"$coalflow" export year-end --year 2021 --format csv -o "$out/2021-年考核"
"$coalflow" audit verify

echo "== 9. Every member unit's own work: the survey ledger and its coverage, an inspection, a case to its close"
as caiyuan-demo1
survey=$("$coalflow" survey import --year 2021 --file survey.csv)
"$coalflow" submit "$survey"
as caiyuan
"$coalflow" approve "$survey"
"$coalflow" coverage --year 2021
check=$("$coalflow" inspection record --kind recurrence --date 2021-12-01 --street caiyuan --village caiyuan-demo1 \
  --checked 6 --problems 1 --note "孙桂兰户仍烧散煤")
lead=$("$coalflow" case open --source inspection --inspection "$check" --street caiyuan --village caiyuan-demo1 \
  --problem "孙桂兰户未登记，仍烧散煤" --assign caiyuan-demo1 --due 2021-12-10)
as caiyuan-demo1
"$coalflow" queue
"$coalflow" case handle "$lead" --outcome ordered --result "已入户宣传，责令停烧散煤，补登记"
as caiyuan
"$coalflow" approve "$lead"
as office
"$coalflow" inspection list --month 2021-12
"$coalflow" report monthly --month 2021-12
"$coalflow" audit verify
"$coalflow" logout
