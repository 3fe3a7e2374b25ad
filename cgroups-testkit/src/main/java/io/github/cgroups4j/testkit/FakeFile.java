package io.github.cgroups4j.testkit;

/** An interface file of a fake cgroup: how the kernel answers a read and takes a write. */
interface FakeFile {
    /** Reads; throws {@link KernelError} (e.g. EINVAL for a write-only file, as the kernel answers root). */
    String read(Node n);

    /** Writes a value as one write(2); throws {@link KernelError} with the kernel's errno. */
    void write(Node n, String value);
}
