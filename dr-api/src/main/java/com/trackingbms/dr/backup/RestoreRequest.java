package com.trackingbms.dr.backup;

import java.time.Instant;
import java.util.Objects;

/** Which backup to restore: by id, the latest, or the latest finished at or before a point in time. */
public sealed interface RestoreRequest {

    /** The backup with this id. */
    static RestoreRequest byId(String id) {
        return new ById(id);
    }

    /** The most recently finished backup. */
    static RestoreRequest latest() {
        return new Latest();
    }

    /** The latest backup finished at or before {@code time}. */
    static RestoreRequest at(Instant time) {
        return new PointInTime(time);
    }

    /** Short text for logs and errors. */
    String describe();

    /**
     * A backup by id.
     *
     * @param id the backup's id
     */
    record ById(String id) implements RestoreRequest {
        /** Checks the id is present and not blank. */
        public ById {
            Objects.requireNonNull(id, "id");
            if (id.isBlank()) {
                throw new IllegalArgumentException("backup id is blank; give an id from the catalog listing");
            }
        }

        @Override
        public String describe() {
            return "backup " + id;
        }
    }

    /** The latest backup. */
    record Latest() implements RestoreRequest {
        @Override
        public String describe() {
            return "the latest backup";
        }
    }

    /**
     * The latest backup finished at or before a time.
     *
     * @param time the point in time
     */
    record PointInTime(Instant time) implements RestoreRequest {
        /** Checks the time is present. */
        public PointInTime {
            Objects.requireNonNull(time, "time");
        }

        @Override
        public String describe() {
            return "the latest backup finished at or before " + time;
        }
    }
}
