package io.sessions4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sessions4j.spi.StoredSession;
import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The memory store's bound: by estimated memory unless told otherwise, with evictions counted. */
class MemoryStoreBoundsTest {
    private static final Instant LATER = Instant.now().plusSeconds(3600);
    private static final String KILOBYTE = "{\"cookie\":{},\"data\":\"" + "x".repeat(1000) + "\"}";

    @Test
    void theEstimatedMemoryOfTheRecordsNeverExceedsTheWeightBound() {
        long bound = 1 << 20;
        MemoryStore store = MemoryStore.builder().maximumWeight(bound).build();
        int written = 10_000;
        for (int i = 0; i < written; i++) {
            store.set("session-" + i, new StoredSession(KILOBYTE, LATER));
        }

        List<String> ids = store.ids().collect(Collectors.toList());
        long weight = ids.stream().mapToLong(id -> MemoryStore.weigh(id, store.get(id).orElseThrow())).sum();
        assertThat(weight).isLessThanOrEqualTo(bound);
        assertThat(ids).hasSizeGreaterThan(500);
        assertThat(store.evictionCount()).isEqualTo(written - ids.size());
    }

    @Test
    void aSessionInUseKeepsItsPlaceAgainstAFloodOfOneRequestSessions() {
        MemoryStore store = MemoryStore.builder().maximumSize(1_000).build();
        store.set("regular", new StoredSession(KILOBYTE, LATER));
        int lost = 0;
        for (int i = 0; i < 10_000; i++) {
            store.set("anonymous-" + i, new StoredSession(KILOBYTE, LATER));
            lost += store.get("regular").isPresent() ? 0 : 1;
        }
        assertThat(lost).as("requests that found the regular session gone").isZero();
        assertThat(store.length()).isLessThanOrEqualTo(1_000);
        assertThat(store.evictionCount()).isGreaterThanOrEqualTo(9_000);
    }

    @Test
    void aRecordHeavierThanTheWholeBoundIsNotKept() {
        MemoryStore store = MemoryStore.builder().maximumWeight(4_096).build();
        store.set("a", new StoredSession("{\"cookie\":{}}", LATER));

        assertThat(store.replace("a", "{\"cookie\":{}}", new StoredSession("{\"big\":\"" + "y".repeat(8_000) + "\"}",
                LATER))).isTrue();

        assertThat(store.get("a")).isEmpty();
        assertThat(store.evictionCount()).isEqualTo(1);
    }

    /** A cache cancels its expiry wake-up whenever it empties; a cancelled one must not stay behind. */
    @Test
    void aStoreThatEmptiesAndFillsAgainRetainsNoMemoryForIt() {
        MemoryStore store = MemoryStore.builder().build();
        long before = heapAfterGc();
        for (int i = 0; i < 200_000; i++) {
            store.set("only", new StoredSession(KILOBYTE, LATER));
            store.destroy("only");
        }
        // Each wake-up left queued held about 200 bytes: 40 MB here.
        assertThat(heapAfterGc() - before).as("bytes retained").isLessThan(10L << 20);
    }

    private static long heapAfterGc() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    @Test
    void theDefaultBoundIsHalfOfTheHeap() {
        assertThat(MemoryStore.defaultMaximumWeight()).isEqualTo(Runtime.getRuntime().maxMemory() / 2);
        MemoryStore store = new MemoryStore();
        store.set("a", new StoredSession(KILOBYTE, LATER));
        assertThat(store.get("a")).isPresent();
        assertThat(store.evictionCount()).isZero();
    }

    @Test
    void refusesBoundsThatAreNotPositive() {
        assertThatThrownBy(() -> MemoryStore.builder().maximumWeight(0)).hasMessageContaining("maximumWeight");
        assertThatThrownBy(() -> MemoryStore.builder().maximumSize(-1)).hasMessageContaining("maximumSize");
    }
}
