/*
 * cgroups4j's system calls for the harness's lifecycle, made from C: the floor for this project's code.
 *
 * The side-by-side harness's raw C baseline (../shared/bench/c/cgraw.c) makes the fewest calls that reach the same
 * end state. cgroups4j makes more, for reasons other issues and runc parity give, and makes them differently. This
 * program makes cgroups4j's calls, in its order and with its arguments (as `strace` of HarnessVariant shows them),
 * with no Java in between, so that
 *     cgroups4j / cgsame   is what our Java and the JVM cost, and
 *     cgsame / cgraw       is what the kernel charges for the calls we chose to make.
 * Each difference can be switched off on its own (all are on by default):
 *   -resolve 0   files opened with openat(2) relative to a handle on the bench parent, as cgraw does; else openat2(2)
 *                relative to the hierarchy's mount with RESOLVE_NO_XDEV|NO_MAGICLINKS|NO_SYMLINKS|BENEATH and the
 *                path from the mount ([H]: no symlink, magic link or mount crossing can move an open elsewhere)
 *   -check 0     no look for tasks before destroy; else per hierarchy: cgroup.procs read, statx(2) link count
 *                ([I], issue #9: destroy() refuses, removing nothing, while any hierarchy has a task)
 *   -runc 0      none of runc 1.1.5's extra calls; else: mkdir of the parent (EEXIST), the parent's cpuset.cpus and
 *                cpuset.mems read (runc's cpuset walk), cpuset.cpus written again by set, devices.list read for the
 *                device rules' transition
 *   -threads K   K more threads that only wait, as a JVM has (~20): the process's file table is then shared, and the
 *                kernel counts references on every descriptor use (fdget), which it skips for a lone thread
 * The RESULT line names the variant c-same, or c-same-<what is off>[-<K>threads].
 * Usage: cgsame -parent bench-XXX -pid PID [-n N] [-warmup W] [-resolve 0|1] [-check 0|1] [-runc 0|1] [-threads K]
 * Only cgroups below the bench parent are made and removed; the memory cgroup is never joined (as the harness).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

enum { CPUSET, DEVICES, MEMORY, CPU, CPUACCT, PIDS, BLKIO, FREEZER, SYSTEMD, UNIFIED, NH };
static const char *hier[NH] = {"cpuset", "devices", "memory", "cpu", "cpuacct",
                               "pids", "blkio", "freezer", "systemd", "unified"};
static int root[NH];   /* the hierarchy's mount */
static int pfd[NH];    /* the bench parent */
static const char *parent;
static char pidstr[32], mems[64], buf[16384];
static int resolve = 1, check = 1, runc = 1;

static void die(const char *what, const char *p) {
    fprintf(stderr, "cgsame: %s %s: %s\n", what, p, strerror(errno));
    exit(1);
}

/* cg NULL: the bench parent itself */
static int open_file(int h, const char *cg, const char *file, int flags) {
    char p[512];
    if (!resolve) {
        if (cg) snprintf(p, sizeof p, "%s/%s", cg, file); else snprintf(p, sizeof p, "%s", file);
        return openat(pfd[h], p, flags | O_CLOEXEC);
    }
    if (cg) snprintf(p, sizeof p, "%s/%s/%s", parent, cg, file); else snprintf(p, sizeof p, "%s/%s", parent, file);
    struct open_how how = {.flags = flags | O_CLOEXEC,
                           .resolve = RESOLVE_NO_XDEV | RESOLVE_NO_MAGICLINKS | RESOLVE_NO_SYMLINKS | RESOLVE_BENEATH};
    return (int)syscall(SYS_openat2, root[h], p, &how, sizeof how);
}

static void wr(int h, const char *cg, const char *file, const char *val) {
    int fd = open_file(h, cg, file, O_WRONLY);
    if (fd < 0) die("open", file);
    if (write(fd, val, strlen(val)) < 0) die("write", file);
    close(fd);
}

static ssize_t rd(int h, const char *cg, const char *file) {
    int fd = open_file(h, cg, file, O_RDONLY);
    if (fd < 0) die("open", file);
    ssize_t k = read(fd, buf, sizeof buf);
    if (k < 0) die("read", file);
    close(fd);
    return k;
}

static int dirfd_of(int h, char *p, size_t len, const char *cg) {
    if (resolve) { snprintf(p, len, "%s/%s", parent, cg); return root[h]; }
    snprintf(p, len, "%s", cg);
    return pfd[h];
}

static const char *devrules[] = {"b *:* m", "c *:* m", "c 1:3 rwm", "c 1:5 rwm", "c 1:7 rwm",
    "c 1:8 rwm", "c 1:9 rwm", "c 5:0 rwm", "c 5:2 rwm", "c 10:200 rwm", "c 136:* rwm"};
static const char *cpuset_stats[] = {"cpuset.cpus", "cpuset.mems", "cpuset.cpu_exclusive",
    "cpuset.mem_hardwall", "cpuset.mem_exclusive", "cpuset.memory_migrate", "cpuset.memory_spread_page",
    "cpuset.memory_spread_slab", "cpuset.memory_pressure", "cpuset.sched_load_balance",
    "cpuset.sched_relax_domain_level"};
static const char *mem_stats[] = {"memory.stat", "memory.usage_in_bytes", "memory.max_usage_in_bytes",
    "memory.failcnt", "memory.limit_in_bytes", "memory.memsw.usage_in_bytes",
    "memory.memsw.max_usage_in_bytes", "memory.memsw.failcnt", "memory.memsw.limit_in_bytes",
    "memory.kmem.usage_in_bytes", "memory.kmem.max_usage_in_bytes", "memory.kmem.failcnt",
    "memory.kmem.limit_in_bytes", "memory.kmem.tcp.usage_in_bytes", "memory.kmem.tcp.max_usage_in_bytes",
    "memory.kmem.tcp.failcnt", "memory.kmem.tcp.limit_in_bytes", "memory.use_hierarchy", "memory.numa_stat"};
static const char *cpuacct_stats[] = {"cpuacct.usage", "cpuacct.stat", "cpuacct.usage_percpu", "cpuacct.usage_all"};
static const char *blkio_stats[] = {"blkio.bfq.io_serviced_recursive", "blkio.throttle.io_serviced_recursive",
    "blkio.throttle.io_serviced"};
#define LEN(a) (sizeof(a) / sizeof((a)[0]))

static void create(const char *cg) {
    char p[512];
    if (runc) {
        if (mkdirat(root[CPUSET], parent, 0755) == 0 || errno != EEXIST) die("mkdir (expected EEXIST)", parent);
        rd(CPUSET, NULL, "cpuset.cpus");
        rd(CPUSET, NULL, "cpuset.mems");
    }
    for (int h = 0; h < NH; h++) {
        int d = dirfd_of(h, p, sizeof p, cg);
        if (mkdirat(d, p, 0755) < 0) die("mkdir", p);
        if (h == CPUSET) {
            wr(CPUSET, cg, "cpuset.cpus", "0");
            wr(CPUSET, cg, "cpuset.mems", mems);
        }
    }
}
/* the order HarnessVariant joins in: its paths sorted by subsystem name ("" for the hybrid cgroup2 first) */
static const int join_order[] = {UNIFIED, BLKIO, CPU, CPUACCT, CPUSET, DEVICES, FREEZER, SYSTEMD, PIDS};
static void join(const char *cg) {
    for (size_t i = 0; i < LEN(join_order); i++) wr(join_order[i], cg, "cgroup.procs", pidstr);
}
static void set(const char *cg) {
    if (runc) {
        wr(CPUSET, cg, "cpuset.cpus", "0");
        rd(DEVICES, cg, "devices.list");
    }
    wr(DEVICES, cg, "devices.deny", "a *:* rwm");
    for (size_t i = 0; i < LEN(devrules); i++) wr(DEVICES, cg, "devices.allow", devrules[i]);
    wr(MEMORY, cg, "memory.limit_in_bytes", "268435456");
    wr(MEMORY, cg, "memory.memsw.limit_in_bytes", "536870912");
    wr(CPU, cg, "cpu.shares", "512");
    wr(CPU, cg, "cpu.cfs_period_us", "100000");
    wr(CPU, cg, "cpu.cfs_quota_us", "50000");
    wr(PIDS, cg, "pids.max", "100");
}
static void stats(const char *cg) {
    for (size_t i = 0; i < LEN(cpuset_stats); i++) rd(CPUSET, cg, cpuset_stats[i]);
    for (size_t i = 0; i < LEN(mem_stats); i++) rd(MEMORY, cg, mem_stats[i]);
    rd(CPU, cg, "cpu.stat");
    for (size_t i = 0; i < LEN(cpuacct_stats); i++) rd(CPUACCT, cg, cpuacct_stats[i]);
    rd(PIDS, cg, "pids.current");
    rd(PIDS, cg, "pids.max");
    for (size_t i = 0; i < LEN(blkio_stats); i++) rd(BLKIO, cg, blkio_stats[i]);
}
static void unjoin(void) {
    for (size_t i = 0; i < LEN(join_order); i++) wr(join_order[i], NULL, "cgroup.procs", pidstr);
}
static void destroy(const char *cg) {
    char p[512];
    if (check) {
        for (int h = 0; h < NH; h++) {
            if (rd(h, cg, "cgroup.procs") != 0) { errno = EBUSY; die("tasks left in", cg); }
            struct statx st;
            int d = dirfd_of(h, p, sizeof p, cg);
            if (statx(d, p, AT_SYMLINK_NOFOLLOW | AT_NO_AUTOMOUNT, STATX_NLINK, &st) < 0) die("statx", p);
            if (st.stx_nlink != 2) { errno = EBUSY; die("children left in", cg); }
        }
    }
    for (int h = 0; h < NH; h++) {
        int d = dirfd_of(h, p, sizeof p, cg);
        if (unlinkat(d, p, AT_REMOVEDIR) < 0) die("rmdir", p);
    }
}

static void *idle(void *arg) {
    (void)arg;
    for (;;) pause();
    return NULL;
}

static double now_us(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}
static int cmpd(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}
static double pct(double *v, int n, double p) {
    double *c = malloc(n * sizeof *c);
    memcpy(c, v, n * sizeof *c);
    qsort(c, n, sizeof *c, cmpd);
    double r = c[(int)(p * (n - 1) + 0.5)];
    free(c);
    return r;
}

int main(int argc, char **argv) {
    int n = 1000, warm = -1, pid = 0, threads = 0;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (!strcmp(argv[i], "-parent")) parent = argv[i + 1];
        else if (!strcmp(argv[i], "-pid")) pid = atoi(argv[i + 1]);
        else if (!strcmp(argv[i], "-n")) n = atoi(argv[i + 1]);
        else if (!strcmp(argv[i], "-warmup")) warm = atoi(argv[i + 1]);
        else if (!strcmp(argv[i], "-resolve")) resolve = atoi(argv[i + 1]);
        else if (!strcmp(argv[i], "-check")) check = atoi(argv[i + 1]);
        else if (!strcmp(argv[i], "-runc")) runc = atoi(argv[i + 1]);
        else if (!strcmp(argv[i], "-threads")) threads = atoi(argv[i + 1]);
        else if (!strcmp(argv[i], "-mode") || !strcmp(argv[i], "-stats-n")) continue; /* lifecycle only */
        else { fprintf(stderr, "cgsame: unknown flag %s\n", argv[i]); return 2; }
    }
    if (!parent || strncmp(parent, "bench-", 6) || strchr(parent, '/') || pid <= 0 || n <= 0) {
        fprintf(stderr, "cgsame: need -parent bench-XXX -pid PID\n");
        return 2;
    }
    if (warm < 0) warm = n / 2;
    for (int i = 0; i < threads; i++) {
        pthread_t t;
        if (pthread_create(&t, NULL, idle, NULL) != 0) die("pthread_create", "");
    }
    snprintf(pidstr, sizeof pidstr, "%d", pid);
    for (int h = 0; h < NH; h++) {
        char p[512];
        snprintf(p, sizeof p, "/sys/fs/cgroup/%s", hier[h]);
        if ((root[h] = open(p, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0) die("open", p);
        if ((pfd[h] = openat(root[h], parent, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0) die("open", parent);
    }
    {
        int fd = openat(pfd[CPUSET], "cpuset.mems", O_RDONLY | O_CLOEXEC);
        ssize_t k = fd < 0 ? -1 : read(fd, mems, sizeof mems - 1);
        if (k <= 0) die("read", "cpuset.mems");
        mems[k] = 0;
        if (mems[k - 1] == '\n') mems[k - 1] = 0;
        close(fd);
    }
    char name[96], more[32] = "";
    if (threads > 0) snprintf(more, sizeof more, "-%dthreads", threads);
    snprintf(name, sizeof name, "c-same%s%s%s%s", resolve ? "" : "-noresolve", check ? "" : "-nocheck",
             runc ? "" : "-norunc", more);
    static const char *ph[] = {"mkdir", "join", "set", "getstats", "unjoin", "rmdir"};
    double *lat[6], *tot = malloc(n * sizeof(double)), wall = 0;
    for (int j = 0; j < 6; j++) lat[j] = malloc(n * sizeof(double));
    for (int i = -warm; i < n; i++) {
        char cg[32];
        snprintf(cg, sizeof cg, "s%d", i + warm);
        double t[7];
        t[0] = now_us(); create(cg);
        t[1] = now_us(); join(cg);
        t[2] = now_us(); set(cg);
        t[3] = now_us(); stats(cg);
        t[4] = now_us(); unjoin();
        t[5] = now_us(); destroy(cg);
        t[6] = now_us();
        if (i >= 0) {
            for (int j = 0; j < 6; j++) lat[j][i] = t[j + 1] - t[j];
            tot[i] = t[6] - t[0];
            wall += tot[i];
        }
    }
    printf("RESULT %s lifecycle n=%d ops_per_s=%.1f p50_us=%.1f p99_us=%.1f\n", name, n, n / (wall / 1e6),
           pct(tot, n, .5), pct(tot, n, .99));
    for (int j = 0; j < 6; j++)
        printf("PHASE %s %s p50_us=%.1f p99_us=%.1f\n", name, ph[j], pct(lat[j], n, .5), pct(lat[j], n, .99));
    return 0;
}
