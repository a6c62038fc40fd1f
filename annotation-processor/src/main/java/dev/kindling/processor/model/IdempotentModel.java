package dev.kindling.processor.model;

import java.util.List;
import javax.lang.model.element.AnnotationMirror;

/** The {@code @Idempotent} annotation of a handler method. */
public record IdempotentModel(
    AnnotationMirror annotation,
    List<String> keyPaths,
    String expiry,
    boolean payloadValidation,
    boolean keyOptional,
    boolean perCaller) {}
