package dev.streamlearn.state.savepoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which snapshot folder {@code inspect DIR} reads. */
class SavepointInspectorResolveTest {
    @TempDir Path dir;

    private Path checkpoint(String path, long writtenMillis) throws IOException {
        Path chk = Files.createDirectories(dir.resolve(path));
        Path metadata = Files.writeString(chk.resolve("_metadata"), "");
        Files.setLastModifiedTime(metadata, FileTime.fromMillis(writtenMillis));
        return chk;
    }

    @Test
    void aSnapshotFolderIsReadAsItIs() throws IOException {
        Path savepoint = checkpoint("savepoint-1a2b3c", 1_000);
        assertThat(SavepointInspector.resolve(savepoint)).isEqualTo(savepoint);
    }

    @Test
    void aJobsFolderGivesItsHighestCheckpoint() throws IOException {
        checkpoint("job/chk-9", 5_000);
        Path chk10 = checkpoint("job/chk-10", 5_000);
        Files.createDirectories(dir.resolve("job/chk-11")); // not complete: no _metadata
        assertThat(SavepointInspector.resolve(dir.resolve("job"))).isEqualTo(chk10);
    }

    @Test
    void aFolderOfJobsGivesTheNewestJobsCheckpointNotTheHighestNumber() throws IOException {
        checkpoint("checkpoints/old-job/chk-40", 1_000);
        Path newest = checkpoint("checkpoints/new-job/chk-3", 2_000);
        assertThat(SavepointInspector.resolve(dir.resolve("checkpoints"))).isEqualTo(newest);
    }

    @Test
    void aRunsOutputFolderGivesItsNewestSavepointOrCheckpoint() throws IOException {
        checkpoint("out/checkpoints/job-a/chk-7", 1_000);
        Path savepoint = checkpoint("out/savepoints/savepoint-a1b2c3", 2_000);
        assertThat(SavepointInspector.resolve(dir.resolve("out"))).isEqualTo(savepoint);
        Path later = checkpoint("out/checkpoints/job-b/chk-2", 3_000);
        assertThat(SavepointInspector.resolve(dir.resolve("out"))).isEqualTo(later);
    }

    @Test
    void aFolderWithoutCheckpointsSaysWhatToGive() throws IOException {
        Files.createDirectories(dir.resolve("empty"));
        assertThatThrownBy(() -> SavepointInspector.resolve(dir.resolve("empty")))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("give a savepoint or a retained checkpoint");
    }
}
