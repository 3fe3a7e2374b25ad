#!/usr/bin/env python3
"""Where a variant's user-space time goes, call by call, against c-same (our own calls made from C).

Reads two `perf script --ns -F tid,time,event,trace` dumps of raw_syscalls:sys_enter/sys_exit (every event) of the
variant and of c-same, and optionally c-same's strace of a few lifecycles to name the calls. Both programs make the
same calls in the same order, so the lifecycles line up call by call: a lifecycle starts at an mkdirat that follows
an unlinkat. Calls of the JVM's own (futex, mmap, ...) are folded into the gap before the next lifecycle call.
Usage: gaps.py VARIANT.txt CSAME.txt [CSAME.strace]
"""
import collections
import re
import statistics
import sys

NAMES = {0: 'read', 1: 'write', 3: 'close', 437: 'openat2', 258: 'mkdirat', 263: 'unlinkat', 332: 'statx'}
LINE = re.compile(r'^\s*(\d+)\s+([\d.]+):\s+raw_syscalls:sys_(enter|exit):\s+NR (\d+)')


def calls(path):
    """[(nr, user ns before it, kernel ns in it)] of the busiest thread, JVM-only calls folded into the next gap."""
    rows = [m.groups() for m in map(LINE.match, open(path)) if m]
    main = collections.Counter(r[0] for r in rows).most_common(1)[0][0]
    out, carry, last_exit, entered, nr_in = [], 0.0, None, None, None
    for tid, t, kind, nr in rows:
        if tid != main:
            continue
        t = float(t) * 1e9
        if kind == 'enter':
            gap = t - last_exit if last_exit is not None else 0.0
            entered, nr_in, gap_in = t, int(nr), gap
        elif entered is not None:
            if nr_in in NAMES:
                out.append((nr_in, carry + gap_in, t - entered))
                carry = 0.0
            else:
                carry += gap_in + (t - entered)
            entered, last_exit = None, t
        else:
            last_exit = t
    return out


def lifecycles(cs):
    starts = [i for i in range(1, len(cs)) if cs[i][0] == 258 and cs[i - 1][0] == 263]
    lives = [cs[a:b] for a, b in zip(starts, starts[1:])]
    if not lives:
        sys.exit('gaps.py: no whole lifecycle in the recording')
    size = collections.Counter(len(x) for x in lives).most_common(1)[0][0]
    return [x for x in lives if len(x) == size]


def labels(path, size):
    if not path:
        return [''] * size
    lines = [x for x in open(path) if re.match(r'(openat2|close|read|write|mkdirat|unlinkat|statx)\(', x)]
    start = next(i for i in range(1, len(lines)) if lines[i].startswith('mkdirat') and lines[i - 1].startswith('unlinkat'))
    fds, out = {}, []
    for x in lines[start:start + size]:
        m = re.match(r'openat2\(\d+, "([^"]*)".*= (\d+)', x)
        if m:
            fds[m.group(2)] = m.group(1)
            out.append('open ' + m.group(1))
            continue
        m = re.match(r'(read|write|close)\((\d+)', x)
        if m:
            out.append(m.group(1) + ' ' + fds.get(m.group(2), '?'))
            continue
        m = re.match(r'(mkdirat|unlinkat|statx)\([^,]*, "([^"]*)"', x)
        out.append(m.group(1) + ' ' + m.group(2) if m else x.split('(')[0])
    return out + [''] * (size - len(out))


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    a, b = calls(sys.argv[1]), calls(sys.argv[2])
    for name, cs in (('variant', a), ('c-same', b)):
        n = len(cs)
        print(f'{name:8s} {n} calls: user {sum(c[1] for c in cs) / n:6.0f} ns/call, '
              f'kernel {sum(c[2] for c in cs) / n:6.0f} ns/call')
    la, lb = lifecycles(a), lifecycles(b)
    size = len(la[0])
    if len(lb[0]) != size or [c[0] for c in la[0]] != [c[0] for c in lb[0]]:
        sys.exit(f'gaps.py: the two programs do not make the same calls ({size} against {len(lb[0])} a lifecycle)')
    print(f'{len(la)} and {len(lb)} lifecycles of {size} calls')
    user = [(statistics.mean(x[k][1] for x in la), statistics.mean(x[k][1] for x in lb)) for k in range(size)]
    kern = [(statistics.mean(x[k][2] for x in la), statistics.mean(x[k][2] for x in lb)) for k in range(size)]
    med = [(statistics.median(x[k][1] for x in la), statistics.median(x[k][1] for x in lb)) for k in range(size)]
    diffs = sorted(((m[0] - m[1], k) for k, m in enumerate(med)), reverse=True)
    print(f'per lifecycle, variant - c-same: user {sum(u[0] - u[1] for u in user) / 1e3:.0f} us (means), '
          f'{sum(d for d, _ in diffs) / 1e3:.0f} us (medians); kernel {sum(k[0] - k[1] for k in kern) / 1e3:.0f} us')
    d = [x for x, _ in diffs]
    print('median gap difference by position: median %.0f ns, middle half %.0f-%.0f ns, lowest %.0f ns; '
          'the ten largest %.1f us, the rest %.1f us' % (d[len(d) // 2], d[3 * len(d) // 4], d[len(d) // 4], d[-1],
                                                         sum(d[:10]) / 1e3, sum(d[10:]) / 1e3))
    names = labels(sys.argv[3] if len(sys.argv) > 3 else None, size)
    print('largest gaps (median ns before the call: variant, c-same), and the call:')
    for diff, k in diffs[:15]:
        print(f'  {k:4d} {med[k][0]:7.0f} {med[k][1]:7.0f}  {NAMES[la[0][k][0]]:8s} {names[k]}')


if __name__ == '__main__':
    main()
