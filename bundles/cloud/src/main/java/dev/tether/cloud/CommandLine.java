package dev.tether.cloud;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The command line: {@code [--config <file>] [--help]}.
 *
 * @param configFile the properties file, if given
 * @param help whether only the usage was asked for
 */
record CommandLine(Optional<Path> configFile, boolean help) {

    static final String USAGE = "usage: java -cp 'lib/*' dev.tether.cloud.CloudMain [--config <file.properties>]\n"
            + "Every property can be overridden by an environment variable TETHER_CLOUD_<PROPERTY> "
            + "(e.g. broker.uri -> TETHER_CLOUD_BROKER_URI).";

    static CommandLine parse(String... args) {
        Optional<Path> config = Optional.empty();
        boolean help = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--config" -> {
                    if (i + 1 >= args.length || args[i + 1].isBlank()) {
                        throw new IllegalArgumentException("--config needs a file");
                    }
                    if (config.isPresent()) {
                        throw new IllegalArgumentException("--config is given more than once");
                    }
                    try {
                        config = Optional.of(Path.of(args[++i]));
                    } catch (InvalidPathException e) {
                        throw new IllegalArgumentException("--config: not a valid path: " + args[i]);
                    }
                }
                case "--help", "-h" -> help = true;
                default -> throw new IllegalArgumentException("unknown argument '" + args[i] + "'");
            }
        }
        return new CommandLine(config, help);
    }
}
