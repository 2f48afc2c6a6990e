package dev.streamlearn.gpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The batch trigger (B items or T after the first item), the bound, and closing. */
class MicroBatcherTest {
    private static final Duration LONG = Duration.ofHours(1);
    private static final Duration GUARD = Duration.ofSeconds(10);

    @Test
    void aFullBatchGoesAtOnceWithoutWaitingForTheTime() throws Exception {
        MicroBatcher<Integer> batcher = new MicroBatcher<>(4, LONG, 16);
        for (int i = 0; i < 6; i++) {
            batcher.put(i);
        }
        List<Integer> batch = assertTimeoutPreemptively(GUARD, batcher::nextBatch);
        assertThat(batch).containsExactly(0, 1, 2, 3);
        assertThat(batcher.queued()).isEqualTo(2);
    }

    @Test
    void aPartialBatchGoesMaxWaitAfterItsFirstItem() throws Exception {
        Duration maxWait = Duration.ofMillis(50);
        MicroBatcher<String> batcher = new MicroBatcher<>(100, maxWait, 100);
        long put = System.nanoTime();
        batcher.put("a");
        batcher.put("b");
        List<String> batch = assertTimeoutPreemptively(GUARD, batcher::nextBatch);
        long waited = System.nanoTime() - put;
        assertThat(batch).containsExactly("a", "b");
        assertThat(waited).isGreaterThanOrEqualTo(maxWait.toNanos());
    }

    @Test
    void aBatchWaitingForMoreGoesAsSoonAsItIsFull() throws Exception {
        MicroBatcher<Integer> batcher = new MicroBatcher<>(3, LONG, 3);
        batcher.put(1);
        CompletableFuture<List<Integer>> batch = CompletableFuture.supplyAsync(() -> next(batcher));
        batcher.put(2);
        batcher.put(3);
        assertThat(batch.get(GUARD.toSeconds(), TimeUnit.SECONDS)).containsExactly(1, 2, 3);
    }

    @Test
    void withoutWaitItTakesWhatIsQueuedInArrivalOrder() throws Exception {
        MicroBatcher<Integer> batcher = new MicroBatcher<>(4, Duration.ZERO, 10);
        for (int i = 0; i < 10; i++) {
            batcher.put(i);
        }
        assertThat(batcher.nextBatch()).containsExactly(0, 1, 2, 3);
        assertThat(batcher.nextBatch()).containsExactly(4, 5, 6, 7);
        assertThat(batcher.nextBatch()).containsExactly(8, 9);
    }

    @Test
    void putWaitsWhileFullAndGoesOnWhenABatchIsTaken() throws Exception {
        MicroBatcher<Integer> batcher = new MicroBatcher<>(2, Duration.ZERO, 2);
        batcher.put(1);
        batcher.put(2);
        Thread producer = new Thread(() -> put(batcher, 3));
        producer.start();
        await().atMost(GUARD).until(() -> producer.getState() == Thread.State.WAITING);
        assertThat(batcher.queued()).isEqualTo(2);
        assertThat(batcher.nextBatch()).containsExactly(1, 2);
        producer.join(GUARD.toMillis());
        assertThat(batcher.nextBatch()).containsExactly(3);
    }

    @Test
    void closeWakesTheConsumerAndReturnsWhatWasQueued() throws Exception {
        MicroBatcher<Integer> idle = new MicroBatcher<>(2, LONG, 4);
        CompletableFuture<List<Integer>> waiting = CompletableFuture.supplyAsync(() -> next(idle));
        await().atMost(GUARD).until(() -> !waiting.isDone());
        assertThat(idle.close()).isEmpty();
        assertThat(waiting.get(GUARD.toSeconds(), TimeUnit.SECONDS)).isEmpty();

        MicroBatcher<Integer> busy = new MicroBatcher<>(4, LONG, 4);
        busy.put(7);
        busy.put(8);
        assertThat(busy.close()).containsExactly(7, 8);
        assertThat(busy.nextBatch()).isEmpty();
        assertThatThrownBy(() -> busy.put(9)).hasMessageContaining("closed");
    }

    @Test
    void rejectsSettingsThatCannotWork() {
        assertThatThrownBy(() -> new MicroBatcher<>(0, LONG, 4))
                .hasMessageContaining("batchSize must be at least 1");
        assertThatThrownBy(() -> new MicroBatcher<>(8, LONG, 4))
                .hasMessageContaining("capacity 4 is below batchSize 8");
        assertThatThrownBy(() -> new MicroBatcher<>(1, Duration.ofMillis(-1), 4))
                .hasMessageContaining("maxWait must not be negative");
    }

    private static <T> List<T> next(MicroBatcher<T> batcher) {
        try {
            return batcher.nextBatch();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static <T> void put(MicroBatcher<T> batcher, T item) {
        try {
            batcher.put(item);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
