package dev.kindling.local;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the jars of the AWS runtime interface client and what it needs at run time, on this JVM's own
 * class path. Lambda's managed runtime ships them in {@code /var/runtime/lib} ahead of the function's
 * code; a local child JVM gets them from wherever kindling-local's dependencies were resolved.
 */
final class RuntimeLibraries {

    static final String RUNTIME_MAIN_CLASS = "com.amazonaws.services.lambda.runtime.api.client.AWSLambda";

    private static final List<String> MARKER_CLASSES = List.of(
            RUNTIME_MAIN_CLASS,
            "com.amazonaws.services.lambda.runtime.Context",
            "com.amazonaws.services.lambda.runtime.serialization.PojoSerializer",
            "software.amazon.awssdk.utilslite.SdkInternalThreadLocal");

    private RuntimeLibraries() {
    }

    /** The jar (or class directory) of each runtime library that is visible here; missing ones are skipped. */
    static List<Path> locate() {
        List<Path> locations = new ArrayList<>();
        for (String className : MARKER_CLASSES) {
            Path location = locationOf(className);
            if (location != null && !locations.contains(location)) {
                locations.add(location);
            }
        }
        return locations;
    }

    private static Path locationOf(String className) {
        try {
            Class<?> type = Class.forName(className, false, RuntimeLibraries.class.getClassLoader());
            CodeSource source = type.getProtectionDomain().getCodeSource();
            return source == null ? null : Path.of(source.getLocation().toURI());
        } catch (ClassNotFoundException | URISyntaxException | IllegalArgumentException | SecurityException e) {
            return null;
        }
    }
}
