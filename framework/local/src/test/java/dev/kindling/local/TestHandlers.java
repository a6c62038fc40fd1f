package dev.kindling.local;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kindling.local.handlers.ScriptedHandler;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The deployment package of the test handlers: the test classes and Jackson, found where this JVM
 * loaded them from. Surefire's manifest-only jar hides them from {@code java.class.path}, but every
 * class still knows its code source. The runtime interface client is added by {@link LocalFunction}.
 */
final class TestHandlers {

    private TestHandlers() {
    }

    static List<Path> classpath() {
        return Stream.of(ScriptedHandler.class, ObjectMapper.class, JsonFactory.class, JsonProperty.class)
                .map(TestHandlers::locationOf)
                .distinct()
                .toList();
    }

    static String handler(Class<?> type) {
        return type.getName() + "::handleRequest";
    }

    private static Path locationOf(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
