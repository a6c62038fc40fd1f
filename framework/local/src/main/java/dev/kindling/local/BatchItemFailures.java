package dev.kindling.local;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * A function's partial batch response ({@code ReportBatchItemFailures}), judged by Lambda's rules: a
 * {@code null} or empty response, or an empty or {@code null} {@code batchItemFailures}, means every record
 * succeeded; a response that is not an object, or an item whose {@code itemIdentifier} is missing, null,
 * empty or not in the batch, fails the whole batch.
 *
 * @param failedIds     the records the function reported as failed
 * @param wholeBatch    whether the response makes the whole batch a failure
 * @param reason        why the whole batch failed; {@code null} otherwise
 */
record BatchItemFailures(Set<String> failedIds, boolean wholeBatch, String reason) {

    BatchItemFailures {
        failedIds = Set.copyOf(failedIds);
    }

    static BatchItemFailures parse(ObjectMapper json, String payload, Set<String> batchIds) {
        JsonNode response;
        try {
            response = payload.isBlank() ? null : json.readTree(payload);
        } catch (JsonProcessingException e) {
            return wholeBatch("the response is not valid JSON");
        }
        if (response == null || response.isNull()) {
            return none();
        }
        if (!response.isObject()) {
            return wholeBatch("the response is not a JSON object");
        }
        JsonNode items = response.get("batchItemFailures");
        if (items == null || items.isNull()) {
            return none();
        }
        if (!items.isArray()) {
            return wholeBatch("batchItemFailures is not an array");
        }
        Set<String> failed = new LinkedHashSet<>();
        for (JsonNode item : items) {
            JsonNode identifier = item.get("itemIdentifier");
            if (identifier == null || !identifier.isTextual() || identifier.asText().isEmpty()) {
                return wholeBatch("an itemIdentifier is missing, null or empty");
            }
            if (!batchIds.contains(identifier.asText())) {
                return wholeBatch("itemIdentifier " + identifier.asText() + " is not in the batch");
            }
            failed.add(identifier.asText());
        }
        return new BatchItemFailures(failed, false, null);
    }

    private static BatchItemFailures none() {
        return new BatchItemFailures(Set.of(), false, null);
    }

    private static BatchItemFailures wholeBatch(String reason) {
        return new BatchItemFailures(Set.of(), true, reason);
    }
}
