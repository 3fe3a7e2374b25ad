package io.github.cgroups4j.fs.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.cgroups4j.CgroupException;
import io.github.cgroups4j.Errno;
import io.github.cgroups4j.spi.CgroupFs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * What every conformance suite shares: a fresh machine (the fake, or the real cgroupfs) per scenario, and the
 * assertion that a call fails with exactly the kernel's errno.
 *
 * @param <M> the kind of machine the suite's scenarios need
 */
abstract class Conformance<M extends Conformance.Machine> {
    /** A machine to run scenarios on. */
    interface Machine extends AutoCloseable {
        CgroupFs fs();

        @Override
        void close();
    }

    /** A call that may fail with a CgroupException. */
    interface Run {
        void run() throws Exception;
    }

    /** The machine of the scenario under way. */
    protected M m;
    /** Its cgroupfs. */
    protected CgroupFs fs;

    /** @return a fresh machine for one scenario */
    abstract M machine() throws Exception;

    @BeforeEach
    void open() throws Exception {
        m = machine();
        fs = m.fs();
    }

    @AfterEach
    void close() {
        m.close();
    }

    static void errno(Errno want, Run r) {
        CgroupException e = assertThrows(CgroupException.class, r::run);
        assertEquals(want, Errno.of(e.errnoNumber()).orElse(null), e.getMessage());
    }

    String read(String dir, String file) throws CgroupException {
        return fs.read(dir, file).strip();
    }
}
