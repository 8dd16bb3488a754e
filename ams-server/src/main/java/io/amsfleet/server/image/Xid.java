package io.amsfleet.server.image;

import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Generates AMS-style ids: a 12-byte xid (4 bytes of Unix time, 5 random bytes for this process,
 * a 3-byte counter) in lowercase base32hex, 20 characters such as {@code btavtegj1qm58qg7ru50}.
 *
 * <p>Written here because it is a dozen lines; the time prefix keeps new ids sorted by creation,
 * which keeps the id index compact.
 */
public final class Xid {
    private static final char[] ALPHABET = "0123456789abcdefghijklmnopqrstuv".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final byte[] PROCESS = new byte[5];
    private static final AtomicInteger COUNTER = new AtomicInteger(RANDOM.nextInt());

    static {
        RANDOM.nextBytes(PROCESS);
    }

    private Xid() {
    }

    public static String next() {
        byte[] b = new byte[12];
        int seconds = (int) (System.currentTimeMillis() / 1000);
        b[0] = (byte) (seconds >>> 24);
        b[1] = (byte) (seconds >>> 16);
        b[2] = (byte) (seconds >>> 8);
        b[3] = (byte) seconds;
        System.arraycopy(PROCESS, 0, b, 4, 5);
        int c = COUNTER.incrementAndGet();
        b[9] = (byte) (c >>> 16);
        b[10] = (byte) (c >>> 8);
        b[11] = (byte) c;
        return encode(b);
    }

    static String encode(byte[] bytes) {
        StringBuilder out = new StringBuilder(20);
        int buffer = 0;
        int bits = 0;
        for (byte value : bytes) {
            buffer = (buffer << 8) | (value & 0xff);
            bits += 8;
            while (bits >= 5) {
                out.append(ALPHABET[(buffer >>> (bits - 5)) & 31]);
                bits -= 5;
            }
        }
        if (bits > 0) {
            out.append(ALPHABET[(buffer << (5 - bits)) & 31]);
        }
        return out.toString();
    }

    /** Whether the text could be an id or the start of one. */
    public static boolean isIdPrefix(String text) {
        if (text.isEmpty() || text.length() > 20) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (!(ch >= '0' && ch <= '9' || ch >= 'a' && ch <= 'v')) {
                return false;
            }
        }
        return true;
    }
}
