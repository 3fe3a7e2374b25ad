package io.github.cgroups4j.fs.internal.nativeio;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import java.nio.charset.StandardCharsets;

/**
 * Native memory that {@link Syscalls} hands to {@link LibC} by address: a JNA {@link Memory} here (JDK 17-21), a
 * {@code MemorySegment} of an automatic arena in the JDK 22+ version. Freed when unreachable. Little-endian
 * accessors at byte offsets, as the kernel's structures are laid out.
 */
final class NativeBuffer {
    private final Memory memory;
    private final long address;

    private NativeBuffer(long size) {
        this.memory = new Memory(size);
        this.memory.clear();
        this.address = Pointer.nativeValue(memory);
    }

    /** @return {@code size} zeroed bytes */
    static NativeBuffer allocate(long size) {
        return new NativeBuffer(size);
    }

    long address() {
        return address;
    }

    long size() {
        return memory.size();
    }


    void put(long offset, byte[] src, int from, int length) {
        memory.write(offset, src, from, length);
    }

    void get(long offset, byte[] dst, int from, int length) {
        memory.read(offset, dst, from, length);
    }

    byte getByte(long offset) {
        return memory.getByte(offset);
    }

    void putByte(long offset, byte value) {
        memory.setByte(offset, value);
    }

    short getShort(long offset) {
        return memory.getShort(offset);
    }

    void putShort(long offset, short value) {
        memory.setShort(offset, value);
    }

    int getInt(long offset) {
        return memory.getInt(offset);
    }

    void putInt(long offset, int value) {
        memory.setInt(offset, value);
    }

    long getLong(long offset) {
        return memory.getLong(offset);
    }

    void putLong(long offset, long value) {
        memory.setLong(offset, value);
    }

    /** @return the NUL-terminated UTF-8 string at {@code offset} */
    String cString(long offset) {
        return memory.getString(offset, StandardCharsets.UTF_8.name());
    }
}
