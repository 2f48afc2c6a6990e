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

/**
 * A short soak: 50 s of records at 500/s with each of the four faults once (a task failure, a
 * TaskManager loss, a broker restart, a slow sink). Every good record has exactly one committed
 * prediction, every bad one exactly one dead letter, the job restored from checkpoints after the
 * two failures, and every fault was followed by a completed checkpoint.
 */
class SoakITCase {
    @TempDir Path dir;

    @Test
    void nothingIsLostOrRepeatedAcrossEachKindOfFault() throws Exception {
        Soak.Config config =
                new Soak.Config(
                        Duration.ofSeconds(50),
                        500,
                        Duration.ofSeconds(10),
                        List.of(Soak.Fault.values()),
                        new Soak.Keys(6, 0, null),
                        250,
                        Duration.ofSeconds(1),
                        Soak.CheckpointMode.ALIGNED,
                        dir,
                        StreamlearnProcess.freePort());
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        SoakResult r;
        try (PrintStream progress = new PrintStream(log, true, StandardCharsets.UTF_8)) {
            r = new Soak(config).run(progress);
            r.print(progress);
        }
        System.out.println(log.toString(StandardCharsets.UTF_8));
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
                .as("a checkpoint triggered while the slow sink held the job back completed")
                .isPositive();
        assertThat(r.finalStatus()).isEqualTo("RUNNING");
        assertThat(r.passed()).isTrue();
    }
}
