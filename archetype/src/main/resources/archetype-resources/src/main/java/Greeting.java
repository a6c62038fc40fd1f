package ${package};

import jakarta.validation.constraints.NotBlank;

/** The body of {@code POST /greetings} and the message on the greetings queue. */
public record Greeting(@NotBlank String name) {}
