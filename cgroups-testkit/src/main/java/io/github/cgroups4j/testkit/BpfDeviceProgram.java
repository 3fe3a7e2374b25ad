package io.github.cgroups4j.testkit;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Runs a {@code BPF_PROG_TYPE_CGROUP_DEVICE} program the way the kernel would for one device access, for the
 * instructions a device filter uses (32-bit loads from the context, ALU and/rsh/mov, jne, exit). An instruction
 * outside that set, a jump out of the program or a program without an exit is refused, as the verifier would.
 */
final class BpfDeviceProgram {
    private final byte[] program;

    BpfDeviceProgram(byte[] program) {
        if (program.length == 0 || program.length % 8 != 0) {
            throw new IllegalArgumentException("a BPF program is a whole number of 8-byte instructions");
        }
        this.program = program.clone();
    }

    /**
     * @param type 1 block, 2 char
     * @param access bits: 1 mknod, 2 read, 4 write
     * @return whether the program allows the access (R0 != 0)
     */
    boolean allows(int type, int access, long major, long minor) {
        ByteBuffer b = ByteBuffer.wrap(program).order(ByteOrder.nativeOrder());
        boolean little = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;
        long[] reg = new long[11];
        int[] ctx = {(access << 16) | type, (int) major, (int) minor};
        int n = program.length / 8;
        for (int pc = 0, steps = 0; steps < 4096; steps++) {
            if (pc < 0 || pc >= n) {
                throw new IllegalStateException("jump out of the program at " + pc);
            }
            int code = b.get(pc * 8) & 0xff;
            int regs = b.get(pc * 8 + 1) & 0xff;
            int dst = little ? regs & 0xf : regs >> 4;
            int src = little ? regs >> 4 : regs & 0xf;
            short off = b.getShort(pc * 8 + 2);
            int imm = b.getInt(pc * 8 + 4);
            pc++;
            switch (code) {
                case 0x61 -> { // ldx w: only from the 12-byte context
                    if (src != 1 || off < 0 || off > 8 || off % 4 != 0) {
                        throw new IllegalStateException("a load outside the context: " + off);
                    }
                    reg[dst] = ctx[off / 4] & 0xFFFF_FFFFL;
                }
                case 0x54 -> reg[dst] = (reg[dst] & imm) & 0xFFFF_FFFFL;
                case 0x74 -> reg[dst] = ((reg[dst] & 0xFFFF_FFFFL) >>> imm) & 0xFFFF_FFFFL;
                case 0xb4 -> reg[dst] = imm & 0xFFFF_FFFFL;
                case 0xbc -> reg[dst] = reg[src] & 0xFFFF_FFFFL;
                case 0x55 -> pc += reg[dst] != (long) imm ? off : 0;
                case 0x5d -> pc += reg[dst] != reg[src] ? off : 0;
                case 0x95 -> {
                    return reg[0] != 0;
                }
                default -> throw new IllegalStateException("an instruction the verifier would refuse: 0x"
                        + Integer.toHexString(code));
            }
        }
        throw new IllegalStateException("no exit");
    }
}
