package dev.kindling.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Lambda's documented rules for judging a partial batch response. */
class BatchItemFailuresTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> BATCH = Set.of("m1", "m2", "m3");

    @ParameterizedTest
    @ValueSource(strings = {"", "null", "{}", "{\"batchItemFailures\":null}", "{\"batchItemFailures\":[]}"})
    void emptyOrNullResponsesMeanTheWholeBatchSucceeded(String payload) {
        BatchItemFailures failures = BatchItemFailures.parse(JSON, payload, BATCH);

        assertThat(failures.wholeBatch()).isFalse();
        assertThat(failures.failedIds()).isEmpty();
    }

    @Test
    void reportedIdentifiersAreTheOnlyFailures() {
        BatchItemFailures failures = BatchItemFailures.parse(JSON,
                "{\"batchItemFailures\":[{\"itemIdentifier\":\"m1\"},{\"itemIdentifier\":\"m3\"}]}", BATCH);

        assertThat(failures.wholeBatch()).isFalse();
        assertThat(failures.failedIds()).containsExactlyInAnyOrder("m1", "m3");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "not json",
        "\"a string\"",
        "[1,2]",
        "{\"batchItemFailures\":{}}",
        "{\"batchItemFailures\":[{\"itemIdentifier\":\"unknown\"}]}",
        "{\"batchItemFailures\":[{\"itemIdentifier\":\"\"}]}",
        "{\"batchItemFailures\":[{\"itemIdentifier\":null}]}",
        "{\"batchItemFailures\":[{\"id\":\"m1\"}]}",
        "{\"batchItemFailures\":[{\"itemIdentifier\":\"m1\"},{\"itemIdentifier\":\"unknown\"}]}"
    })
    void invalidResponsesFailTheWholeBatch(String payload) {
        BatchItemFailures failures = BatchItemFailures.parse(JSON, payload, BATCH);

        assertThat(failures.wholeBatch()).isTrue();
        assertThat(failures.reason()).isNotBlank();
    }
}
