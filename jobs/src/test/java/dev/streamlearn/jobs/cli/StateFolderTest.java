package dev.streamlearn.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateFolderTest {
    @TempDir Path out;

    private StateFolder folder() {
        return new StateFolder(out, out.resolve("checkpoints"));
    }

    private Path snapshot(String relative, long writtenAt) throws IOException {
        Path dir = Files.createDirectories(out.resolve(relative));
        Path metadata = Files.writeString(dir.resolve("_metadata"), "x");
        Files.setLastModifiedTime(metadata, FileTime.fromMillis(writtenAt));
        return dir;
    }

    @Test
    void anEmptyFolderHasNothingToResume() {
        assertThat(folder().newestSnapshot()).isEmpty();
    }

    @Test
    void theNewestCompletedSnapshotOfAnyEarlierRunOrStopIsResumed() throws IOException {
        snapshot("checkpoints/job-a/chk-7", 1_000);
        Path savepoint = snapshot("savepoints/savepoint-1", 2_000);
        Path newest = snapshot("checkpoints/job-b/chk-3", 3_000);
        // an interrupted checkpoint: no _metadata
        Files.createDirectories(out.resolve("checkpoints/job-b/chk-4"));
        assertThat(folder().newestSnapshot()).contains(newest.toAbsolutePath());

        Files.setLastModifiedTime(savepoint.resolve("_metadata"), FileTime.fromMillis(4_000));
        assertThat(folder().newestSnapshot()).contains(savepoint.toAbsolutePath());
    }

    @Test
    void aSnapshotMadeUnderOtherOptionsIsRefusedWithWhatChanged() throws IOException {
        Path chk = snapshot("checkpoints/job-a/chk-1", 1_000);
        folder().writeOptions(Map.of("--job-name", "j", "--learner", "trees.HoeffdingTree"));

        StateFolder.checkOptions(
                chk,
                Map.of("--job-name", "j", "--learner", "trees.HoeffdingTree"),
                "resume",
                StateFolder.FRESH);
        assertThatThrownBy(
                        () ->
                                StateFolder.checkOptions(
                                        chk,
                                        Map.of("--job-name", "j", "--learner", "bayes.NaiveBayes"),
                                        "resume",
                                        StateFolder.FRESH))
                .hasMessageContaining("--learner: was trees.HoeffdingTree, now bayes.NaiveBayes")
                .hasMessageContaining("--fresh")
                .hasMessageNotContaining("--job-name");
    }

    @Test
    void aSnapshotWithoutRecordedOptionsIsTakenAsItIs() throws IOException {
        Path elsewhere = snapshot("elsewhere/savepoint-9", 1_000);
        StateFolder.checkOptions(
                elsewhere, Map.of("--learner", "x"), "--from-savepoint", StateFolder.FRESH);
    }

    @Test
    void aUserSnapshotIsItsFolderOrItsMetadataFile() throws IOException {
        Path sp = snapshot("savepoints/savepoint-2", 1_000);
        assertThat(StateFolder.userSnapshot(sp)).isEqualTo(sp.toAbsolutePath());
        assertThat(StateFolder.userSnapshot(sp.resolve("_metadata")))
                .isEqualTo(sp.toAbsolutePath());
        assertThatThrownBy(() -> StateFolder.userSnapshot(out.resolve("savepoints")))
                .hasMessageContaining("no _metadata")
                .hasMessageContaining("chk-N");
    }

    @Test
    void freshMovesTheOldStateAsideSoItIsNeverResumedIntoNewModels() throws IOException {
        snapshot("checkpoints/job-a/chk-1", 1_000);
        snapshot("savepoints/savepoint-1", 2_000);
        folder().setAside();
        assertThat(folder().newestSnapshot()).isEmpty();
        try (var kept = Files.list(out)) {
            assertThat(kept.map(p -> p.getFileName().toString()))
                    .anyMatch(n -> n.startsWith("checkpoints-before-"))
                    .anyMatch(n -> n.startsWith("savepoints-before-"));
        }
    }
}
