package io.github.cgroups4j.testkit;

import static io.github.cgroups4j.testkit.FileKit.ro;
import static io.github.cgroups4j.testkit.FileKit.rw;

import io.github.cgroups4j.Errno;
import java.util.Map;

/** The v2 rdma controller's files: this fake machine has no RDMA device (ENODEV). */
final class V2Rdma implements V2Controller {
    @Override
    public String name() {
        return "rdma";
    }

    @Override
    public void populate(Node n) {
        Map<String, FakeFile> f = n.files;
        f.put("rdma.max", rw(x -> "", (x, v) -> {
            throw new KernelError(Errno.ENODEV);
        }));
        f.put("rdma.current", ro(x -> ""));
    }
}
