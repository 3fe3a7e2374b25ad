package io.github.cgroups4j.fs.devices;

import io.github.cgroups4j.DeviceRule;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Compiles device rules into a {@code BPF_PROG_TYPE_CGROUP_DEVICE} program: opencontainers' {@code devicefilter}
 * (after crun's {@code ebpf.c}), written out instruction by instruction. The rules go through the same
 * {@link DeviceEmulator} as on v1, so both versions mean the same thing (holes punched in a wildcard are refused
 * alike); the program checks each exception in turn and falls through to the default.
 *
 * <p>The context is {@code struct bpf_cgroup_dev_ctx}: {@code u32 access_type} (device type in the low 16 bits,
 * access in the high), {@code u32 major}, {@code u32 minor}. R0 = 1 allows, 0 denies.
 */
public final class DeviceFilter {
    /** Bytes per instruction ({@code struct bpf_insn}). */
    public static final int INSTRUCTION_SIZE = 8;
    /** {@code BPF_DEVCG_DEV_BLOCK}. */
    static final int DEV_BLOCK = 1;
    /** {@code BPF_DEVCG_DEV_CHAR}. */
    static final int DEV_CHAR = 2;
    /** {@code BPF_DEVCG_ACC_MKNOD}. */
    static final int ACC_MKNOD = 1;
    /** {@code BPF_DEVCG_ACC_READ}. */
    static final int ACC_READ = 2;
    /** {@code BPF_DEVCG_ACC_WRITE}. */
    static final int ACC_WRITE = 4;

    // opcodes: class | op | source
    private static final int LDX_MEM_W = 0x61; // BPF_LDX | BPF_MEM | BPF_W
    private static final int ALU_AND_K = 0x54; // BPF_ALU | BPF_AND | BPF_K
    private static final int ALU_RSH_K = 0x74; // BPF_ALU | BPF_RSH | BPF_K
    private static final int ALU_MOV_K = 0xb4; // BPF_ALU | BPF_MOV | BPF_K
    private static final int ALU_MOV_X = 0xbc; // BPF_ALU | BPF_MOV | BPF_X
    private static final int JMP_JNE_K = 0x55; // BPF_JMP | BPF_JNE | BPF_K
    private static final int JMP_JNE_X = 0x5d; // BPF_JMP | BPF_JNE | BPF_X
    private static final int JMP_EXIT = 0x95; // BPF_JMP | BPF_EXIT

    private DeviceFilter() {
    }

    /** One instruction; {@code target} is the block a jump goes to (resolved to an offset at the end). */
    private record Insn(int code, int dst, int src, int off, int imm, int target) {
    }

    /**
     * @param rules the device rules, applied in order to a deny-all cgroup as on v1
     * @return the program, {@code INSTRUCTION_SIZE} bytes per instruction, in this machine's byte order
     * @throws DeviceEmulator.DeviceRuleException for a rule set the emulator refuses
     */
    public static byte[] compile(List<DeviceRule> rules) throws DeviceEmulator.DeviceRuleException {
        DeviceEmulator emu = DeviceEmulator.of(rules);
        boolean defaultAllow = emu.isBlackList();
        List<Insn> p = new ArrayList<>();
        List<Integer> blockStart = new ArrayList<>();
        p.add(new Insn(LDX_MEM_W, 2, 1, 0, 0, -1)); // R2 = access_type
        p.add(new Insn(ALU_AND_K, 2, 0, 0, 0xFFFF, -1)); // R2 &= 0xFFFF: the device type
        p.add(new Insn(LDX_MEM_W, 3, 1, 0, 0, -1)); // R3 = access_type
        p.add(new Insn(ALU_RSH_K, 3, 0, 0, 16, -1)); // R3 >>= 16: the access asked for
        p.add(new Insn(LDX_MEM_W, 4, 1, 4, 0, -1)); // R4 = major
        p.add(new Insn(LDX_MEM_W, 5, 1, 8, 0, -1)); // R5 = minor
        int block = 0;
        for (Map.Entry<DeviceEmulator.Meta, String> e : emu.rules().entrySet()) {
            DeviceEmulator.Meta m = e.getKey();
            int type = switch (m.type()) {
                case 'c' -> DEV_CHAR;
                case 'b' -> DEV_BLOCK;
                default -> throw new IllegalStateException("an emulated rule of type " + m.type() + ": " + m);
            };
            int access = access(e.getValue());
            int next = block + 1;
            blockStart.add(p.size());
            p.add(new Insn(JMP_JNE_K, 2, 0, 0, type, next)); // another type: next rule
            if (access != (ACC_MKNOD | ACC_READ | ACC_WRITE)) {
                p.add(new Insn(ALU_MOV_X, 1, 3, 0, 0, -1)); // R1 = R3 (R1 is free after the loads)
                p.add(new Insn(ALU_AND_K, 1, 0, 0, access, -1));
                p.add(new Insn(JMP_JNE_X, 1, 3, 0, 0, next)); // asks for more than the rule gives: next rule
            }
            if (m.major() >= 0) {
                p.add(new Insn(JMP_JNE_K, 4, 0, 0, (int) m.major(), next));
            }
            if (m.minor() >= 0) {
                p.add(new Insn(JMP_JNE_K, 5, 0, 0, (int) m.minor(), next));
            }
            p.add(new Insn(ALU_MOV_K, 0, 0, 0, defaultAllow ? 0 : 1, -1)); // an exception: the opposite of the default
            p.add(new Insn(JMP_EXIT, 0, 0, 0, 0, -1));
            block++;
        }
        blockStart.add(p.size());
        p.add(new Insn(ALU_MOV_K, 0, 0, 0, defaultAllow ? 1 : 0, -1)); // no rule matched: the default
        p.add(new Insn(JMP_EXIT, 0, 0, 0, 0, -1));

        ByteOrder order = ByteOrder.nativeOrder();
        ByteBuffer out = ByteBuffer.allocate(p.size() * INSTRUCTION_SIZE).order(order);
        for (int i = 0; i < p.size(); i++) {
            Insn in = p.get(i);
            int off = in.target() < 0 ? in.off() : blockStart.get(in.target()) - (i + 1);
            // the register bit fields: dst in the low nibble on little-endian machines, in the high one on big-endian
            int regs = order == ByteOrder.LITTLE_ENDIAN ? (in.src() << 4) | in.dst() : (in.dst() << 4) | in.src();
            out.put((byte) in.code()).put((byte) regs).putShort((short) off).putInt(in.imm());
        }
        return out.array();
    }

    private static int access(String perms) {
        int a = 0;
        for (char c : perms.toCharArray()) {
            a |= switch (c) {
                case 'r' -> ACC_READ;
                case 'w' -> ACC_WRITE;
                case 'm' -> ACC_MKNOD;
                default -> throw new IllegalStateException("permission " + c);
            };
        }
        return a;
    }
}
