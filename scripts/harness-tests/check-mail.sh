# check-mail.sh on the fixture's gen-patches.sh --send output: all five
# checks pass on it (v2 checks on); a placeholder trailer fails identity;
# a long message is a SKIP while v2-checks is off and a failure when on;
# a directory without mail is one line, exit 1.
set -eu
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/series-fixture.bash"
ktap_plan 4
mail_fixture
sed -i 's/^v2-checks .*/v2-checks on/' "$R/config/mail.checks"
"${sender[@]}" "$R/scripts/gen-patches.sh" --send -o "$tmp/m" 2>"$tmp/gen.err" || { cat "$tmp/gen.err"; exit 1; }
# run NAME: check-mail.sh --send on $tmp/m, output in $tmp/NAME.out.
run() { rc=0; "$R/scripts/check-mail.sh" --send "$tmp/m" >"$tmp/$1.out" 2>&1 || rc=$?; }

name="good mail: every check passes"
run good
if [ $rc = 0 ] && tail -n 1 "$tmp/good.out" | grep -qx '5 passed, 0 failed, 0 skipped'; then
	ktap_ok "$name"
else
	ktap_not_ok "$name" "exit $rc: $(tail -n 1 "$tmp/good.out")" "$(grep -A1 '^not ok\|SKIP' "$tmp/good.out" | head -n 4)"
fi

name="a Signed-off-by: Your Name <you@example.com>: identity fails"
p=$(ls "$tmp"/m/0002-*.patch)
cp "$p" "$tmp/saved"
sed -i '0,/^---$/s//Signed-off-by: Your Name <you@example.com>\n---/' "$p"
run identity
if [ $rc = 1 ] && grep -A1 '^not ok [0-9]* identity' "$tmp/identity.out" | grep -q 'you@example.com.*reserved'; then
	ktap_ok "$name"
else
	ktap_not_ok "$name" "exit $rc (want 1)" "$(grep -A1 'identity' "$tmp/identity.out" | head -n 2)"
fi
cp "$tmp/saved" "$p"

name="a 70-line message: SKIP with v2-checks off, failure with it on"
perl -0pi -e 's/(\n\n)(Signed-off-by: Sam)/"\n" . join("", map { "line $_\n" } 1 .. 70) . "$1$2"/e' "$p"
run on
sed -i 's/^v2-checks .*/v2-checks off/' "$R/config/mail.checks"
run off
if grep -q '^not ok [0-9]* length' "$tmp/on.out" && grep -q '^ok [0-9]* length.* # SKIP v2-checks off.*0002-.*lines of commit message body' "$tmp/off.out" && [ $rc = 0 ]; then
	ktap_ok "$name"
else
	ktap_not_ok "$name" "v2 on: $(grep 'length' "$tmp/on.out" | head -n 1)" "v2 off (exit $rc): $(grep 'length' "$tmp/off.out" | head -n 1)"
fi

name="a directory without mail: one line, exit 1"
mkdir "$tmp/empty"
rc=0
"$R/scripts/check-mail.sh" "$tmp/empty" >/dev/null 2>"$tmp/err" || rc=$?
if [ $rc = 1 ] && [ "$(wc -l <"$tmp/err")" = 1 ] && grep -q 'gen-patches.sh' "$tmp/err"; then
	ktap_ok "$name"
else
	ktap_not_ok "$name" "exit $rc, stderr: $(head -n 2 "$tmp/err")"
fi
ktap_end
