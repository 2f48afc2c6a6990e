package dev.streamlearn.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.streamlearn.gpu.DevicePreference;
import dev.streamlearn.jobs.TppModelFile;
import dev.streamlearn.operators.tpp.neural.NeuralTpp;
import dev.streamlearn.operators.tpp.online.OnlineTppConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code run tpp --initial-model}: the option parses, and a model of another network is refused
 * before anything starts, saying what differs and which options fix it.
 */
class RunTppCommandTest {
    @TempDir static Path dir;
    private static Path prompts;

    /** A model of bench tpp's network with the prompt pool: three types. */
    @BeforeAll
    static void writeModel() throws Exception {
        prompts = dir.resolve("tpp-prompt.json");
        try (NeuralTpp m = OnlineTppConfig.defaults(3, true, 5).initialModel()) {
            TppModelFile.write(prompts, m);
        }
    }

    @Test
    void theInitialModelIsAnOptionOfRunTpp() {
        CommandLine cl = Streamlearn.commandLine();
        var parsed =
                cl.parseArgs(
                        "run",
                        "tpp",
                        "--types",
                        "k0,k1,k2",
                        "--initial-model",
                        prompts.toString(),
                        "--bootstrap-servers",
                        "localhost:9092");
        RunTppCommand command =
                parsed.subcommand().subcommand().commandSpec().commandLine().getCommand();
        assertThat(command.initialModel).isEqualTo(prompts);
        assertThat(
                        String.join(
                                " ",
                                parsed.subcommand()
                                        .subcommand()
                                        .commandSpec()
                                        .findOption("--initial-model")
                                        .description()))
                .contains("ignored when the job resumes from a checkpoint");
    }

    @Test
    void theScoringDeviceIsTheOptionRunScoreHas() {
        RunTppCommand chosen = parsedTpp("--device", "CPU");
        assertThat(chosen.device.preference()).isEqualTo(DevicePreference.CPU);
        assertThat(parsedTpp().device.preference()).isEqualTo(DevicePreference.AUTO);
        assertThatThrownBy(() -> parsedTpp("--device", "tpu").device.preference())
                .hasMessageContaining("'tpu' is not one of auto, cpu, gpu");
    }

    private static RunTppCommand parsedTpp(String... more) {
        List<String> args =
                new ArrayList<>(
                        List.of(
                                "run",
                                "tpp",
                                "--types",
                                "k0,k1,k2",
                                "--bootstrap-servers",
                                "localhost:9092"));
        args.addAll(List.of(more));
        var parsed = Streamlearn.commandLine().parseArgs(args.toArray(String[]::new));
        return parsed.subcommand().subcommand().commandSpec().commandLine().getCommand();
    }

    @Test
    void aModelOfOtherTypesAndPromptsIsRefusedWithTheFix() {
        String error =
                errorOf(
                        "run",
                        "tpp",
                        "--types",
                        "a,b,c,d",
                        "--no-prompts",
                        "--initial-model",
                        prompts.toString(),
                        "--bootstrap-servers",
                        "localhost:1");

        assertThat(error)
                .contains("--initial-model " + prompts + " does not fit this job")
                .contains("types 4 vs 3", "pool 0 vs 10")
                .contains("The model knows 3 event types: give --types 3 names")
                .contains("The model has a prompt pool: drop --no-prompts");
    }

    @Test
    void aMissingFileSaysHowToMakeOne() {
        assertThat(
                        errorOf(
                                "run",
                                "tpp",
                                "--types",
                                "k0,k1,k2",
                                "--initial-model",
                                dir.resolve("nothing.json").toString(),
                                "--bootstrap-servers",
                                "localhost:1"))
                .contains("is not a file; write a model with streamlearn bench tpp --export-model");
    }

    private static String errorOf(String... args) {
        CommandLine cli = Streamlearn.commandLine();
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err));
        assertThat(cli.execute(args)).as("exit code").isEqualTo(1);
        return err.toString();
    }
}
