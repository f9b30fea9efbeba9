package io.sessions4j.internal.samples;

/** An enum whose constants have bodies (their classes are {@code Level$1}...). */
public enum Level {
    LOW {
        @Override
        public String label() {
            return "low";
        }
    },
    HIGH {
        @Override
        public String label() {
            return "high";
        }
    };

    public abstract String label();
}
