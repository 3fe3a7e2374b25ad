package io.github.cgroups4j.fs.internal.nativeio;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Native memory that {@link Syscalls} hands to {@link LibC} by address: the JDK 22+ version, a {@link MemorySegment}
 * of an automatic arena (freed when unreachable). Little-endian accessors at byte offsets.
 */
final class NativeBuffer {
    private static final ValueLayout.OfShort SHORT = ValueLayout.JAVA_SHORT_UNALIGNED;
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED;
    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED;

    private final MemorySegment segment;
    private final long address;

    private NativeBuffer(long size) {
        this.segment = Arena.ofAuto().allocate(size, 8); // zeroed
        this.address = segment.address();
    }

    /** @return {@code size} zeroed bytes */
    static NativeBuffer allocate(long size) {
        return new NativeBuffer(size);
    }

    long address() {
        return address;
    }

    long size() {
        return segment.byteSize();
    }


    void put(long offset, byte[] src, int from, int length) {
        MemorySegment.copy(src, from, segment, ValueLayout.JAVA_BYTE, offset, length);
    }

    void get(long offset, byte[] dst, int from, int length) {
        MemorySegment.copy(segment, ValueLayout.JAVA_BYTE, offset, dst, from, length);
    }

    byte getByte(long offset) {
        return segment.get(ValueLayout.JAVA_BYTE, offset);
    }

    void putByte(long offset, byte value) {
        segment.set(ValueLayout.JAVA_BYTE, offset, value);
    }

    short getShort(long offset) {
        return segment.get(SHORT, offset);
    }

    void putShort(long offset, short value) {
        segment.set(SHORT, offset, value);
    }

    int getInt(long offset) {
        return segment.get(INT, offset);
    }

    void putInt(long offset, int value) {
        segment.set(INT, offset, value);
    }

    long getLong(long offset) {
        return segment.get(LONG, offset);
    }

    void putLong(long offset, long value) {
        segment.set(LONG, offset, value);
    }

    /** @return the NUL-terminated UTF-8 string at {@code offset} */
    String cString(long offset) {
        return segment.getString(offset);
    }
}
