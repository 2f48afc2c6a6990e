package dev.streamlearn.jobs.soak;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamlearn.jobs.StreamlearnProcess;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Short soaks. The prequential job: 50 s of records at 500/s with each of the four faults once (a
 * task failure, a TaskManager loss, a broker restart, a slow sink). Every good record has exactly
 * one committed prediction, every bad one exactly one dead letter, the job restored from
 * checkpoints after the two failures, and every fault was followed by a completed checkpoint. The
 * active and RL jobs: 10 s with a TaskManager lost after 5 s; nothing lost, no duplicate where the
 * outputs are exactly once.
 */
class SoakITCase {
    @TempDir Path dir;

    @Test
    void nothingIsLostOrRepeatedAcrossEachKindOfFault() throws Exception {
        SoakResult r = soak(Soak.Job.PREQUENTIAL, 50, List.of(Soak.Fault.values()));
        assertThat(r.recordsIn()).isEqualTo(25_000);
        assertThat(r.badRecords()).isEqualTo(100);
        assertThat(r.lost()).as("lost").isZero();
        assertThat(r.duplicated()).as("duplicated").isZero();
        assertThat(r.predictions()).isEqualTo(r.good());
        assertThat(r.deadLetters()).isEqualTo(r.badRecords());
        assertThat(r.faults())
                .extracting(Soak.InjectedFault::fault)
                .containsExactly(Soak.Fault.values());
        assertThat(r.faults()).allMatch(f -> Double.isFinite(f.recoverySeconds()));
        assertThat(r.restores())
                .as("restores after the task failure and the lost TaskManager")
                .isEqualTo(2);
        assertThat(r.checkpointMaxSecondsUnderBackpressure())
                .as(
                        "a checkpoint triggered while the slow sink held the job back completed;"
                                + " faults %s, checkpoints %s",
                        r.faults(), r.checkpoints())
                .isPositive();
        assertThat(r.finalStatus()).isEqualTo("RUNNING");
        assertThat(r.passed()).isTrue();
    }

    @ParameterizedTest
    @EnumSource(
            value = Soak.Job.class,
            names = {"ACTIVE", "RL"})
    void theOtherJobsLoseNothingWhenATaskManagerIsLost(Soak.Job job) throws Exception {
        SoakResult r = soak(job, 10, List.of(Soak.Fault.TASKMANAGER_LOSS));
        assertThat(r.recordsIn()).isEqualTo(5_000);
        assertThat(r.good()).as("records to answer").isGreaterThan(3_900);
        assertThat(r.lost()).as("lost").isZero();
        if (job == Soak.Job.ACTIVE) {
            assertThat(r.duplicated()).as("duplicated").isZero();
            assertThat(r.predictions()).isEqualTo(r.good());
        } else {
            // actions at least once by design: after a restore the job answers again
            assertThat(r.predictions()).isEqualTo(r.good() + r.duplicated());
        }
        assertThat(r.deadLetters()).isEqualTo(r.badRecords()).isEqualTo(20);
        assertThat(r.faults()).hasSize(1).allMatch(f -> Double.isFinite(f.recoverySeconds()));
        assertThat(r.restores()).as("a restore after the lost TaskManager").isEqualTo(1);
        assertThat(r.passed()).isTrue();
    }

    private SoakResult soak(Soak.Job job, int seconds, List<Soak.Fault> faults) throws Exception {
        Soak.Config config =
                new Soak.Config(
                        job,
                        Duration.ofSeconds(seconds),
                        500,
                        // the last fault a fault-interval before the end
                        Duration.ofSeconds((seconds + faults.size()) / (faults.size() + 1)),
                        faults,
                        new Soak.Keys(6, 0, null),
                        250,
                        Duration.ofSeconds(1),
                        Soak.CheckpointMode.ALIGNED,
                        dir.resolve(job.name()),
                        StreamlearnProcess.freePort());
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        SoakResult r;
        try (PrintStream progress = new PrintStream(log, true, StandardCharsets.UTF_8)) {
            r = new Soak(config).run(progress);
            r.print(progress);
        }
        System.out.println(log.toString(StandardCharsets.UTF_8));
        return r;
    }
}
