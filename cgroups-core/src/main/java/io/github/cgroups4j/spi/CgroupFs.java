package io.github.cgroups4j.spi;

import io.github.cgroups4j.CgroupException;
import java.util.List;

/**
 * The one seam through which every byte reaches a cgroup file system. Managers never touch {@code java.nio} or
 * native calls; they call this. The real implementation ({@code NativeCgroupFs} in {@code cgroups-fs}) opens files
 * only beneath a cgroup mount; the testkit's fake models the kernel in memory.
 *
 * <p>Directories are absolute paths such as {@code /sys/fs/cgroup/memory/kubepods/pod1}; files are interface file
 * names such as {@code memory.limit_in_bytes} (no {@code /}). Every failure is a {@link CgroupException} carrying
 * the errno, the cgroup, the file and the value written.
 */
public interface CgroupFs {
    /**
     * Reads a whole interface file.
     *
     * @param dir the cgroup directory
     * @param file the interface file
     * @return its content
     * @throws CgroupException with the errno (e.g. ENOENT for a missing file)
     */
    String read(String dir, String file) throws CgroupException;

    /**
     * Writes {@code value} with a single {@code write(2)} to an existing file, never creating it (opened without
     * {@code O_CREAT}).
     *
     * @param dir the cgroup directory
     * @param file the interface file
     * @param value the value
     * @throws CgroupException with the errno the kernel gave (e.g. EINVAL, EBUSY, ENOSPC, ENOENT)
     */
    void write(String dir, String file, String value) throws CgroupException;

    /**
     * Creates a cgroup directory; its parent must exist.
     *
     * @param dir the directory to create
     * @return true if it was created, false if it already existed
     * @throws CgroupException with the errno (e.g. ENOSPC when the hierarchy has no free cgroup ID)
     */
    boolean mkdir(String dir) throws CgroupException;

    /**
     * Removes an empty cgroup directory (no tasks, no children).
     *
     * @param dir the directory
     * @throws CgroupException with the errno (EBUSY with tasks or children, ENOENT when absent)
     */
    void rmdir(String dir) throws CgroupException;

    /**
     * Lists the child cgroups of a cgroup.
     *
     * @param dir the cgroup directory
     * @return the names of its sub-directories, in no particular order
     * @throws CgroupException with the errno
     */
    List<String> list(String dir) throws CgroupException;

    /**
     * Reads a file that holds one unsigned value ({@code max} as {@code Long.MAX_VALUE}), as
     * {@code CgroupValues.parseUint(read(dir, file))}; the real cgroupfs parses the bytes it read, without a String.
     *
     * @param dir the cgroup directory
     * @param file the interface file
     * @return the value
     * @throws CgroupException with the errno, or a {@code CgroupParseException} when it is not a value
     */
    default long readUint(String dir, String file) throws CgroupException {
        return io.github.cgroups4j.parse.CgroupValues.parseUint(read(dir, file));
    }

    /**
     * Whether a cgroup has child cgroups. The default lists them; the real cgroupfs answers with one
     * {@code statx(2)} of the directory's link count (2 plus its subdirectories).
     *
     * @param dir the cgroup directory
     * @return whether it has a sub-directory
     * @throws CgroupException with the errno (ENOENT when it is gone)
     */
    default boolean hasChildren(String dir) throws CgroupException {
        return !list(dir).isEmpty();
    }

    /**
     * @param dir a cgroup directory
     * @return whether it exists (false also when it is not beneath a cgroup mount)
     */
    boolean exists(String dir);

    /**
     * @param dir a cgroup directory
     * @param file an interface file
     * @return whether the file exists in it
     */
    boolean exists(String dir, String file);

    /**
     * Gives a cgroup v2 directory {@code program} as its eBPF device program ({@code BPF_PROG_TYPE_CGROUP_DEVICE},
     * attached with {@code BPF_F_ALLOW_MULTI}), replacing the one attached there before; programs of the ancestors
     * still apply. The default cannot.
     *
     * @param dir a cgroup v2 directory
     * @param program the instructions, 8 bytes each ({@code struct bpf_insn}, this machine's byte order)
     * @throws CgroupException with the errno, and the verifier's log when the kernel refused the program
     */
    default void setDeviceProgram(String dir, byte[] program) throws CgroupException {
        throw new CgroupException(CgroupException.Operation.SET, dir, null,
                "this cgroupfs cannot attach eBPF device programs");
    }

    /**
     * Watches a cgroup's memory events until the subscription is closed or the cgroup goes: v1 through eventfds
     * registered in {@code cgroup.event_control}, v2 through inotify on {@code memory.events} and
     * {@code cgroup.events}, PSI triggers through {@code poll(2)}. The default cannot.
     *
     * @param dir the cgroup: on v1 its memory cgroup (PSI triggers need a cgroup v2 directory)
     * @param unified whether {@code dir} is a cgroup v2 directory
     * @param request what to watch
     * @param listener gets every event, on the watcher's thread, {@link io.github.cgroups4j.events.EventKind#ENDED}
     *     last
     * @return the running watch
     * @throws CgroupException when a registration is refused (a file missing, a PSI window the kernel refuses)
     */
    default io.github.cgroups4j.events.EventSubscription watch(String dir, boolean unified,
            io.github.cgroups4j.events.EventRequest request,
            java.util.function.Consumer<io.github.cgroups4j.events.MemoryEvent> listener) throws CgroupException {
        throw new CgroupException(CgroupException.Operation.OPEN, dir, null, "this cgroupfs cannot watch events");
    }
}
