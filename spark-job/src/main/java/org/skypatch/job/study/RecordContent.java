package org.skypatch.job.study;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.Objects;

/**
 * Equality by content for records that hold arrays: a record's own equals compares arrays by identity, so two
 * records built from equal data would differ. Those records override equals and hashCode with these.
 */
public final class RecordContent {
    private RecordContent() {
    }

    /** Whether {@code other} is a record of the same class whose components equal {@code a}'s, arrays by content. */
    public static boolean equals(Record a, Object other) {
        if (a == other) {
            return true;
        }
        if (other == null || other.getClass() != a.getClass()) {
            return false;
        }
        RecordComponent[] components = a.getClass().getRecordComponents();
        for (RecordComponent c : components) {
            if (!Objects.deepEquals(value(c, a), value(c, other))) {
                return false;
            }
        }
        return true;
    }

    /** A hash code that agrees with {@link #equals}. */
    public static int hashCode(Record a) {
        RecordComponent[] components = a.getClass().getRecordComponents();
        Object[] values = new Object[components.length];
        for (int i = 0; i < values.length; i++) {
            values[i] = value(components[i], a);
        }
        return Arrays.deepHashCode(values);
    }

    private static Object value(RecordComponent c, Object record) {
        try {
            return c.getAccessor().invoke(record);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot read " + c.getName() + " of " + record.getClass().getName(), e);
        }
    }
}
