package dev.streamlearn.jobs.cli;

import java.util.Map;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The defaults of one benchmark for the options it takes from the bench mixins (its stream, its run
 * length), by option name; a bench command names its subclass as its {@code defaultValueProvider},
 * so that {@code --help} shows each command's own defaults.
 */
abstract class BenchDefaults implements IDefaultValueProvider {
    private final Map<String, String> defaults;

    BenchDefaults(Map<String, String> defaults) {
        this.defaults = defaults;
    }

    @Override
    public String defaultValue(ArgSpec arg) {
        return arg instanceof OptionSpec option ? defaults.get(option.longestName()) : null;
    }
}
