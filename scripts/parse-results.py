#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Judge a guest's serial console log: KTAP/TAP results and kernel splats.

Usage: parse-results.py [--summary-only] [--list] [--ktap] [--tap-only] LOG...

Reads the console log written by scripts/run-guest.sh (CRLF line ends and
printk timestamps are stripped) and counts leaf test results:
  - kselftest runner TAP ("ok 1 selftests: vm: name") and the nested TAP of
    each test, one "# " prefix per level (kselftest_harness, ksft_*);
  - run_vmtests.sh's "running CMD" ... "[PASS]/[FAIL]/[SKIP]" blocks, each a
    result whose children are the TAP lines CMD printed;
  - KUnit KTAP from the kernel log (four spaces of indent per level).
A result is a leaf if no deeper result belongs to it. "# SKIP" = skipped,
"# XFAIL"/"# TODO" = passed, "# XPASS" = failed.

Counted as failed as well, one each: a "not ok" parent none of whose
children failed; a plan whose count does not match; a missing plan in a
top-level stream or a kselftest ("TAP version 13") one (nested KTAP may
omit it); a log without any plan; a log without "GRU-GUEST: done" (crash,
timeout); every line with a kernel splat (BUG:, WARNING:, lockdep, RCU
stall, ...), printed with its line number.

A test that makes the kernel warn on purpose brackets the call with
"GRU-EXPECT-WARNING: FUNC" and "GRU-EXPECT-END" console lines (a test
module's pr_info()). Between them one "WARNING: ... at FILE:LINE FUNC+..."
is expected, not a splat, and one must come: none is a failure. With
"GRU-EXPECT-WARNING-ONCE: FUNC" (a WARN_ON_ONCE()) a warning from FUNC
earlier in the same log satisfies it too. Any other splat in between is
still one.

With --tap-only a LOG is a TAP/KTAP document, a host-side test's output
(scripts/run-tests.sh's, for one), not a console log: no splat scan, no
done marker, every collection named by its top-level result.

Prints per-collection counts and the failures, then as the last line
"N passed, N failed, N skipped" (summed over all LOGs). With --ktap the
same verdict is a KTAP document instead: one case per leaf result and per
counted problem, the counts as "# " lines, then that last line; this is
how run-tests.sh nests a guest's result in its own KTAP. Exit status 0 iff
nothing failed, 1 if something failed, 2 on usage errors.
"""

import argparse
import re
import sys

TIMESTAMP = re.compile(r'^\[\s*\d+\.\d+\] ?(?:\[\s*[TC]\d+\] ?)?')
RESULT = re.compile(r'^(not ok|ok)(?:\s+(\d+))?(?:\s+-)?(?:\s+(.*))?$')
PLAN = re.compile(r'^1\.\.(\d+)\s*(?:#.*)?$')
VERSION = re.compile(r'^(K?TAP) version \d+')
VMTEST_RUNNING = re.compile(r'^running (.+)$')
VMTEST_RESULT = re.compile(r'\[(PASS|FAIL|SKIP)\]$')
SELFTEST_NAME = re.compile(r'^selftests: (\S+): (.+)$')
DONE = re.compile(r'GRU-GUEST: done rc=(\d+)')
EXPECT = re.compile(r'GRU-EXPECT-WARNING(-ONCE)?: (\w+)\s*$')
EXPECT_END = re.compile(r'GRU-EXPECT-END\s*$')
# The tty writes a line's text and its newline apart (ONLCR), and a
# printk() in between is glued to the end of that line: "# ok 9 name" and
# "GRU-EXPECT-WARNING-ONCE: f" on one line. The markers are split off.
GLUED_MARKER = re.compile(r'(?<=\S)(?=GRU-EXPECT-)')
WARNING_AT = re.compile(r'WARNING: .* at \S+ (\w+)\+0x')

SPLATS = [
    r'BUG:',
    r'WARNING:',
    r'\bOops\b',
    r'Kernel panic',
    r'possible recursive locking',
    r'inconsistent lock state',
    r'possible circular locking',
    r'possible irq lock inversion',
    r'HARDIRQ-safe -> HARDIRQ-unsafe',
    r'suspicious RCU usage',
    r'sleeping function called from invalid context',
    r'KASAN:',
    r'UBSAN:',
    r'general protection fault',
    r'INFO: task .* blocked',
    r'RCU stall',
    r'rcu_\w+ (?:self-)?detected stall',
    r'detected stalls on CPUs',
    r'Unable to handle',
]
SPLAT = re.compile('|'.join('(?:%s)' % s for s in SPLATS))


class Result:
    def __init__(self, status, name, lineno, depth, fallback):
        self.status = status          # 'pass', 'fail' or 'skip'
        self.fallback = fallback      # collection if the root is not a kselftest
        self.name = name
        self.lineno = lineno
        self.depth = depth
        self.parent = None
        self.children = []

    def path(self):
        names = []
        node = self
        while node:
            m = SELFTEST_NAME.match(node.name)
            names.append('%s:%s' % m.groups() if m else node.name)
            node = node.parent
        return ' / '.join(reversed(names))

    def collection(self):
        root = self
        while root.parent:
            root = root.parent
        m = SELFTEST_NAME.match(root.name)
        if m:
            return m.group(1)
        return root.name if root.fallback is None else root.fallback


def classify(ok, directive):
    word = directive.split()[0].upper() if directive.strip() else ''
    if word == 'SKIP':
        return 'skip'
    if word in ('XFAIL', 'TODO'):
        return 'pass'
    if word == 'XPASS':
        return 'fail'
    return 'pass' if ok else 'fail'


def split_depth(line):
    """Strip the nesting prefixes ("# " per kselftest level, 4 spaces per
    KTAP level) and return (depth, rest)."""
    depth = 0
    while True:
        if line.startswith('# ') and len(line) > 2:
            line = line[2:]
        elif line.startswith('    '):
            line = line[4:]
        else:
            return depth, line
        depth += 1


class Log:
    def __init__(self, name, tap_only=False):
        self.name = name
        self.tap_only = tap_only
        self.results = []
        self.pending = []      # results not yet attached to a parent
        self.streams = {}      # depth -> [plan or None, count, lineno, header]
        self.problems = []     # (collection, text) counted as failures
        self.groups = {}       # raw depth -> (name, lineno) of open vmtest
        self.plans = 0
        self.done_rc = None
        self.prev = {}         # raw depth -> previous line at that depth
        self.expect = None     # [func, once, lineno, seen] between markers
        self.warned = set()    # functions whose expected WARNING came

    # -- TAP streams (one per depth): check the plan when they end
    def close_streams(self, min_depth, parent_status=None):
        for depth in sorted(d for d in self.streams if d >= min_depth):
            plan, count, lineno, header = self.streams.pop(depth)
            # A test that skips once it has started (ksft_exit_skip() after
            # the plan) leaves a short plan; its parent says SKIP.
            if parent_status == 'skip':
                continue
            # KTAP lets nested tests omit the plan (KUnit's parameterised
            # tests do); kselftest's "TAP version 13" streams always have one.
            if plan is None and (depth == 0 or header == 'TAP'):
                self.problems.append(('tap', 'line %d: TAP output without a plan' % lineno))
            elif plan is not None and plan != count:
                self.problems.append(('tap', 'line %d: plan 1..%d but %d results' % (lineno, plan, count)))

    def add_result(self, status, name, lineno, depth, fallback=None):
        self.close_streams(depth + 1, status)
        if fallback is None:
            self.streams.setdefault(depth, [None, 0, lineno, None])[1] += 1
            top = self.streams.get(0)
            fallback = 'kunit' if top and top[3] == 'KTAP' else 'kselftest'
            if self.tap_only:
                fallback = None   # the top-level result's name
        node = Result(status, name, lineno, depth, fallback)
        while self.pending and self.pending[-1].depth > depth:
            child = self.pending.pop()
            if child.parent is None:
                child.parent = node
                node.children.append(child)
        node.children.reverse()
        self.pending.append(node)
        self.results.append(node)

    def feed(self, lineno, line):
        # A host-side document's diagnostics quote checkpatch and compiler
        # "WARNING:"s and guest logs: only a console log has splats.
        m = not self.tap_only and DONE.search(line)
        if m:
            self.done_rc = int(m.group(1))
        if not self.tap_only and self.expected(lineno, line):
            return
        m = not self.tap_only and SPLAT.search(line)
        if m:
            self.problems.append(('kernel', 'line %d: %s' % (lineno, line.strip())))

        raw, rest = split_depth(line)
        rest = rest.rstrip()
        # Inside an open run_vmtests.sh block, TAP lines are one level deeper
        # than the block's own [PASS] line.
        depth = 2 * raw + (1 if any(d <= raw for d in self.groups) else 0)

        # run_vmtests.sh frames "running CMD" with lines of dashes as long
        # as it (made by tr; busybox's tr garbles them, so check the length)
        # (kernel messages are at depth 0, so they cannot come in between).
        prev = self.prev.get(raw, '')
        self.prev[raw] = rest
        m = VMTEST_RUNNING.match(rest)
        if m and (re.match(r'^-+$', prev) or (len(prev) == len(rest) and ' ' not in prev)):
            if raw in self.groups:
                self.problems.append(('vm', 'line %d: "%s" never finished' % (
                    self.groups[raw][1], self.groups[raw][0])))
            self.groups[raw] = (m.group(1), lineno)
        # The verdict may follow output that lacked its newline.
        m = VMTEST_RESULT.search(rest)
        if m and raw > 0 and (raw in self.groups or m.start() == 0):
            name, _ = self.groups.pop(raw, ('unnamed run_vmtests.sh test', lineno))
            status = {'PASS': 'pass', 'FAIL': 'fail', 'SKIP': 'skip'}[m.group(1)]
            self.add_result(status, name, lineno, 2 * raw, fallback='vm')
            return
        m = VERSION.match(rest)
        if m:
            self.close_streams(depth)
            self.streams[depth] = [None, 0, lineno, m.group(1)]
            return
        m = PLAN.match(rest)
        if m:
            self.plans += 1
            self.close_streams(depth + 1)
            stream = self.streams.get(depth)
            if stream is None or stream[0] is not None:
                self.close_streams(depth)
                stream = self.streams[depth] = [None, 0, lineno, None]
            stream[0] = int(m.group(1))
            return
        m = RESULT.match(rest)
        if m:
            desc = m.group(3) or ''
            d = re.search(r'(?:^|\s)#\s*(.*)$', desc)
            directive = d.group(1) if d else ''
            name = (desc[:d.start()] if d else desc).strip() or '#' + (m.group(2) or '?')
            self.add_result(classify(m.group(1) == 'ok', directive), name, lineno, depth)

    def expected(self, lineno, line):
        """Handle the expected-warning markers and the warning itself;
        True if the line is one of them."""
        m = EXPECT.search(line)
        if m:
            self.end_expect(lineno)
            self.expect = [m.group(2), bool(m.group(1)), lineno, False]
            return True
        if EXPECT_END.search(line):
            self.end_expect(lineno)
            return True
        m = self.expect and WARNING_AT.search(line)
        if m and m.group(1) == self.expect[0] and not self.expect[3]:
            self.expect[3] = True
            self.warned.add(m.group(1))
            return True
        return False

    def end_expect(self, lineno):
        if self.expect is None:
            return
        func, once, start, seen = self.expect
        if not seen and not (once and func in self.warned):
            until = 'line %d' % lineno if lineno else 'the end of the log'
            self.problems.append(('kernel', 'line %d: the expected WARNING in %s did not come (until %s)' % (
                start, func, until)))
        self.expect = None

    def finish(self):
        self.end_expect(0)
        for raw, (name, lineno) in sorted(self.groups.items()):
            self.problems.append(('vm', 'line %d: "%s" never finished' % (lineno, name)))
        self.close_streams(0)
        if self.plans == 0:
            self.problems.append(('tap', 'no TAP plan in the log (no tests ran?)'))
        if self.done_rc is None and not self.tap_only:
            self.problems.append(('guest', 'no "GRU-GUEST: done" marker (crash or timeout)'))
        # A failed parent none of whose descendants failed: count it itself.
        self.leaves = [r for r in self.results if not r.children]
        for r in self.results:
            if r.children and r.status == 'fail' and not self.failed_below(r):
                self.leaves.append(r)

    def failed_below(self, node):
        return any(c.status == 'fail' or self.failed_below(c) for c in node.children)


def parse(path, tap_only=False):
    log = Log(path, tap_only)
    with open(path, 'rb') as f:
        for lineno, raw in enumerate(f, 1):
            line = raw.decode('utf-8', 'replace').replace('\r', '').rstrip('\n')
            for part in GLUED_MARKER.split(line):
                log.feed(lineno, TIMESTAMP.sub('', part))
    log.finish()
    return log


def ktap_name(text):
    # "#" would start a directive: "x # 3" is a case "x" with directive 3.
    return ' '.join(text.replace('#', '').split()) or 'unnamed'


class Parser(argparse.ArgumentParser):
    def error(self, message):
        # Misuse is one line, as in the shell scripts.
        print('usage: parse-results.py: %s; see --help' % message, file=sys.stderr)
        sys.exit(2)


def main():
    ap = Parser(description=__doc__.split('\n')[0])
    ap.add_argument('--summary-only', action='store_true',
                    help='print only the final "N passed, N failed, N skipped" line')
    ap.add_argument('--list', action='store_true', help='print every leaf result')
    ap.add_argument('--ktap', action='store_true',
                    help='print the verdict as a KTAP document, one case per leaf and problem')
    ap.add_argument('--tap-only', action='store_true',
                    help='LOG is a host-side KTAP document: no splats, no done marker')
    ap.add_argument('logs', nargs='+', metavar='LOG')
    args = ap.parse_args()

    total = {'pass': 0, 'fail': 0, 'skip': 0}
    out = []
    cases = []
    for path in args.logs:
        try:
            log = parse(path, args.tap_only)
        except OSError as e:
            print('error: %s' % e, file=sys.stderr)
            return 2
        per = {}
        for r in log.leaves:
            per.setdefault(r.collection(), {'pass': 0, 'fail': 0, 'skip': 0})[r.status] += 1
        for coll, _ in log.problems:
            per.setdefault(coll, {'pass': 0, 'fail': 0, 'skip': 0})['fail'] += 1
        if len(args.logs) > 1:
            out.append('== %s' % path)
        if log.done_rc is not None:
            out.append('guest: GRU-GUEST: done rc=%d' % log.done_rc)
        for coll in sorted(per):
            c = per[coll]
            out.append('%s: %d passed, %d failed, %d skipped' % (coll, c['pass'], c['fail'], c['skip']))
            for k in total:
                total[k] += c[k]
        for r in sorted(log.leaves, key=lambda r: r.lineno):
            if args.list or r.status == 'fail':
                out.append('%s %s (line %d)' % (r.status.upper(), r.path(), r.lineno))
            cases.append((r.status, ktap_name(r.path()), 'line %d of %s' % (r.lineno, path)))
        for coll, text in log.problems:
            out.append('FAIL %s: %s' % (coll, text))
            cases.append(('fail', ktap_name('%s: %s' % (coll, text)), 'in %s' % path))
    if args.ktap:
        print('TAP version 13')
        print('1..%d' % len(cases))
        for n, (status, name, where) in enumerate(cases, 1):
            if status == 'fail':
                print('not ok %d %s' % (n, name))
                print('# %s' % where)
            else:
                print('ok %d %s%s' % (n, name, ' # SKIP' if status == 'skip' else ''))
        out = [line for line in out if not line.startswith(('FAIL ', 'PASS ', 'SKIP '))]
        print('\n'.join('# ' + line for line in out))
    elif not args.summary_only:
        print('\n'.join(out))
    print('%d passed, %d failed, %d skipped' % (total['pass'], total['fail'], total['skip']))
    return 1 if total['fail'] else 0


if __name__ == '__main__':
    sys.exit(main())
