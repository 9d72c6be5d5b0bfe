package io.gomap.serialcheck;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serial;
import java.io.Serializable;
import java.util.Map;

/**
 * What the serialization tests of both map modules share: writing and reading objects in memory, finding bytes in a
 * stream to forge it, and the key and value types whose graphs those tests build.
 */
public final class Streams {

    private Streams() {}

    /** {@code o} written by an {@link ObjectOutputStream}. */
    public static byte[] serialize(Object o) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(o);
        }
        return bytes.toByteArray();
    }

    /** The object {@code bytes} hold. */
    public static Object deserialize(byte[] bytes) throws IOException, ClassNotFoundException {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
            return in.readObject();
        }
    }

    /** {@code o} written and read back. */
    @SuppressWarnings("unchecked")
    public static <T> T copy(T o) throws IOException, ClassNotFoundException {
        return (T) deserialize(serialize(o));
    }

    /** Where {@code needle} first occurs in {@code haystack}, or -1. */
    public static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** A key whose equality can be changed after it was put, to make a map write two entries for one key. */
    public static final class MutableKey implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;

        /** The key's identity for equals and hashCode. */
        public int id;

        public MutableKey(int id) {
            this.id = id;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof MutableKey k && k.id == id;
        }

        @Override
        public int hashCode() {
            return id;
        }
    }

    /** A value that refers back to its map. */
    public static final class Holder implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;

        /** The map this value is in. */
        public final Map<String, Holder> map;

        public Holder(Map<String, Holder> map) {
            this.map = map;
        }
    }
}
