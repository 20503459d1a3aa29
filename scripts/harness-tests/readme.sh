# The README documents every setting the scripts read, and documents no
# setting that no script reads.
set -eu
. "$(dirname "$0")/../lib.sh"
ktap_plan 2
cd "$TOP"
# Settings: environment variables read with a default, ${NAME:-...},
# ${NAME:+...} or ${NAME-...}.
read_by_scripts=$(grep -rhoE --exclude-dir=harness-tests '\$\{[A-Z][A-Z0-9_]*(:-|:\+|-)' scripts .ci |
	sed -E 's/^\$\{//; s/(:-|:\+|-)$//' | sort -u)
undocumented=$(for v in $read_by_scripts; do grep -qw -- "$v" README || echo "$v"; done)
if [ -z "$undocumented" ]; then
	ktap_ok "every setting the scripts read is in the README"
else
	ktap_not_ok "every setting the scripts read is in the README" "missing: $(echo $undocumented)"
fi
# Settings the README documents: "  NAME=..." at the start of its lines.
documented=$(grep -oE '^  [A-Z][A-Z0-9_]+=' README | tr -d ' =' | sort -u)
unread=$(for v in $documented; do echo "$read_by_scripts" | grep -qx -- "$v" || echo "$v"; done)
if [ -z "$unread" ]; then
	ktap_ok "every setting the README documents is read by a script"
else
	ktap_not_ok "every setting the README documents is read by a script" "not read: $(echo $unread)"
fi
ktap_end
