package dev.streamlearn.jobs.soak;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/**
 * What a soak counted. {@code lost}: good records with no committed output; {@code duplicated}:
 * committed outputs beyond one per record (outputs and dead letters).
 *
 * @param outputNoun what the job's outputs are: predictions, actions
 * @param exactlyOnce whether the outputs must come exactly once (false for RL actions, at least
 *     once by design: duplicates are counted and shown, not failed)
 * @param recordsIn records produced (good and bad)
 * @param distinctKeys distinct stream keys among them
 * @param good records that must each have one output
 * @param predictions committed outputs (predictions, actions)
 * @param lost good records without a committed prediction
 * @param duplicated committed outputs beyond the first of their record
 * @param badRecords bad records produced
 * @param deadLetters committed dead letters of input records
 * @param otherDeadLetters committed dead letters of the job's other input: labels the active job
 *     rejected (late, given twice, or for an instance it never saw)
 * @param checkpointsCompleted checkpoints completed during the soak
 * @param checkpointsFailed checkpoints that failed (a fault during a checkpoint fails it)
 * @param restores times the job restored from a checkpoint
 * @param finalStatus the job's status at the end (RUNNING: it survived every fault)
 * @param faults the faults injected, each with its recovery time
 * @param samples heap and state sizes over time
 * @param checkpoints the completed checkpoints' timings (those the web UI's history still held when
 *     the soak looked, every 250 ms)
 */
public record SoakResult(
        @JsonProperty("outputs") String outputNoun,
        @JsonProperty("exactly_once") boolean exactlyOnce,
        @JsonProperty("records_in") long recordsIn,
        @JsonProperty("distinct_keys") long distinctKeys,
        @JsonProperty("good") long good,
        @JsonProperty("predictions") long predictions,
        @JsonProperty("lost") long lost,
        @JsonProperty("duplicated") long duplicated,
        @JsonProperty("bad_records") long badRecords,
        @JsonProperty("dead_letters") long deadLetters,
        @JsonProperty("other_dead_letters") long otherDeadLetters,
        @JsonProperty("checkpoints_completed") long checkpointsCompleted,
        @JsonProperty("checkpoints_failed") long checkpointsFailed,
        @JsonProperty("restores") long restores,
        @JsonProperty("final_status") String finalStatus,
        @JsonProperty("faults") List<Soak.InjectedFault> faults,
        @JsonProperty("samples") List<Soak.Sample> samples,
        @JsonProperty("checkpoints") List<Soak.CheckpointTiming> checkpoints) {

    /** The longest time from a fault to the next completed checkpoint, in seconds. */
    @JsonProperty("longest_recovery_seconds")
    public double longestRecoverySeconds() {
        return faults.stream().mapToDouble(Soak.InjectedFault::recoverySeconds).max().orElse(0);
    }

    @JsonProperty("max_heap_mb")
    public double maxHeapMb() {
        return samples.stream().mapToDouble(Soak.Sample::heapMb).max().orElse(0);
    }

    @JsonProperty("max_live_heap_mb")
    public double maxLiveHeapMb() {
        return samples.stream().mapToDouble(Soak.Sample::liveHeapMb).max().orElse(0);
    }

    @JsonProperty("max_cached_models")
    public long maxCachedModels() {
        return samples.stream().mapToLong(Soak.Sample::cachedModels).max().orElse(0);
    }

    @JsonProperty("max_cached_models_mb")
    public double maxCachedModelsMb() {
        return samples.stream().mapToDouble(Soak.Sample::cachedModelsMb).max().orElse(0);
    }

    /** Models dropped for the idle timeout, as the last sample counted them. */
    @JsonProperty("expired_models")
    public long expiredModels() {
        return samples.isEmpty() ? 0 : samples.get(samples.size() - 1).expiredModels();
    }

    /** Models evicted for the cache's bound, as the last sample counted them. */
    @JsonProperty("evicted_models")
    public long evictedModels() {
        return samples.isEmpty() ? 0 : samples.get(samples.size() - 1).evictedModels();
    }

    /** Models on the heap at the last sample. */
    @JsonProperty("cached_models_at_the_end")
    public long cachedModelsAtTheEnd() {
        return samples.isEmpty() ? 0 : samples.get(samples.size() - 1).cachedModels();
    }

    /** The median end-to-end checkpoint time, in seconds. */
    @JsonProperty("checkpoint_p50_seconds")
    public double checkpointP50Seconds() {
        return median(checkpoints);
    }

    @JsonProperty("checkpoint_max_seconds")
    public double checkpointMaxSeconds() {
        return longest(checkpoints);
    }

    /**
     * The longest checkpoint triggered while a slow sink held the job back (the 20 s after each
     * SLOW_SINK fault), in seconds; 0 when there was none.
     */
    @JsonProperty("checkpoint_max_seconds_under_backpressure")
    public double checkpointMaxSecondsUnderBackpressure() {
        return longest(checkpoints(true));
    }

    /** The checkpoints triggered under backpressure ({@code true}) or not ({@code false}). */
    private List<Soak.CheckpointTiming> checkpoints(boolean underBackpressure) {
        return checkpoints.stream().filter(c -> underBackpressure(c) == underBackpressure).toList();
    }

    private static double median(List<Soak.CheckpointTiming> cs) {
        double[] d = cs.stream().mapToDouble(Soak.CheckpointTiming::seconds).sorted().toArray();
        return d.length == 0 ? 0 : d[d.length / 2];
    }

    private static double longest(List<Soak.CheckpointTiming> cs) {
        return cs.stream().mapToDouble(Soak.CheckpointTiming::seconds).max().orElse(0);
    }

    private boolean underBackpressure(Soak.CheckpointTiming c) {
        for (Soak.InjectedFault f : faults) {
            if (f.fault() == Soak.Fault.SLOW_SINK
                    && c.atSeconds() >= f.atSeconds()
                    && c.atSeconds() < f.atSeconds() + Soak.SLOW_SINK_SECONDS) {
                return true;
            }
        }
        return false;
    }

    @JsonProperty("max_rocksdb_mb")
    public double maxRocksDbMb() {
        return samples.stream().mapToDouble(Soak.Sample::rocksDbMb).max().orElse(0);
    }

    @JsonProperty("max_checkpoints_mb")
    public double maxCheckpointsMb() {
        return samples.stream().mapToDouble(Soak.Sample::checkpointsMb).max().orElse(0);
    }

    /**
     * Nothing lost, nothing twice (where outputs are exactly once), every bad record a dead letter,
     * the job still running.
     */
    @JsonProperty("passed")
    public boolean passed() {
        return lost == 0
                && (duplicated == 0 || !exactlyOnce)
                && deadLetters == badRecords
                && finalStatus.equals("RUNNING")
                && faults.stream().allMatch(f -> Double.isFinite(f.recoverySeconds()));
    }

    /** The summary an on-call engineer reads. */
    public void print(PrintStream out) {
        out.printf(
                Locale.ROOT,
                "%n  records in     %,12d  (%,d to answer, %,d bad; %,d distinct keys)%n"
                        + "  %-14s %,12d%n"
                        + "  lost           %,12d%n"
                        + "  duplicated     %,12d%s%n"
                        + "  dead letters   %,12d  (of %,d bad records)%s%n"
                        + "  checkpoints    %,12d  completed, %d failed%n"
                        + "  restores       %,12d%n"
                        + "  job at the end %12s%n",
                recordsIn,
                good,
                badRecords,
                distinctKeys,
                outputNoun,
                predictions,
                lost,
                duplicated,
                exactlyOnce ? "" : "  (at least once by design; the environment takes the first)",
                deadLetters,
                badRecords,
                otherDeadLetters == 0
                        ? ""
                        : String.format(", and %,d of rejected labels", otherDeadLetters),
                checkpointsCompleted,
                checkpointsFailed,
                restores,
                finalStatus);
        for (Soak.InjectedFault f : faults) {
            out.printf(
                    Locale.ROOT,
                    "  %-16s at %6.0f s, recovered in %5.1f s%n",
                    f.fault(),
                    f.atSeconds(),
                    f.recoverySeconds());
        }
        List<Soak.CheckpointTiming> slow = checkpoints(true);
        List<Soak.CheckpointTiming> other = checkpoints(false);
        out.printf(
                Locale.ROOT,
                "  checkpoints triggered under backpressure: %d completed, median %.2f s, longest"
                        + " %.2f s, in-flight data persisted at most %.1f MB; otherwise: %d,"
                        + " median %.2f s, longest %.2f s%n",
                slow.size(),
                median(slow),
                longest(slow),
                slow.stream().mapToLong(Soak.CheckpointTiming::persistedBytes).max().orElse(0)
                        / 1e6,
                other.size(),
                median(other),
                longest(other));
        out.printf(
                Locale.ROOT,
                "  models: at most %,d cached (%.1f MB); at the end %,d cached, %,d expired, %,d"
                        + " evicted to RocksDB%n",
                maxCachedModels(),
                maxCachedModelsMb(),
                cachedModelsAtTheEnd(),
                expiredModels(),
                evictedModels());
        out.printf(
                Locale.ROOT,
                "  longest recovery %.1f s; heap at most %.0f MB (live at most %.0f MB); RocksDB"
                        + " folder at most %.1f MB, checkpoints at most %.1f MB%n%s%n",
                longestRecoverySeconds(),
                maxHeapMb(),
                maxLiveHeapMb(),
                maxRocksDbMb(),
                maxCheckpointsMb(),
                passed() ? "PASSED" : "FAILED: something was lost, repeated or not recovered");
    }
}
