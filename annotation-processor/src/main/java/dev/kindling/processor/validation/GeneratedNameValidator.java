package dev.kindling.processor.validation;

import com.palantir.javapoet.ClassName;
import dev.kindling.processor.codegen.GeneratedNames;
import dev.kindling.processor.model.BatchHandlerModel;
import dev.kindling.processor.model.HandlerClass;
import dev.kindling.processor.model.HandlerMethod;
import java.util.HashMap;
import java.util.Map;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;

/**
 * Checks that every entry class of a bean can be written under its generated name. Names are
 * claimed for the whole compile, across beans and rounds, so {@code Outer.Inner#charge} and
 * {@code Outer_Inner#charge}, which both generate {@code Outer_Inner_ChargeSqsHandler}, are told
 * apart before either is written. A type that already has the name is a clash unless it is
 * Kindling's own entry for the same bean from an earlier compile, which the new one replaces.
 */
public final class GeneratedNameValidator {
  private static final String RENAME_ONLY = "";

  private final Diagnostics diagnostics;
  private final Elements elements;
  /** Generated qualified name → the method it is generated for. */
  private final Map<String, Claim> claimed = new HashMap<>();

  public GeneratedNameValidator(Diagnostics diagnostics, Elements elements) {
    this.diagnostics = diagnostics;
    this.elements = elements;
  }

  public void validate(HandlerClass handlers) {
    TypeElement bean = handlers.type();
    if (!handlers.routes().isEmpty()) {
      check(bean, GeneratedNames.httpHandler(bean), handlers.routes().get(0).method());
    }
    for (HandlerMethod function : handlers.functions()) {
      check(bean, GeneratedNames.functionHandler(bean, function.element()), function);
    }
    for (BatchHandlerModel batch : handlers.batches()) {
      check(bean, GeneratedNames.batchHandler(bean, batch.method().element(), batch.kind()), batch.method());
    }
  }

  /**
   * javac refused to create {@code name} although it passed {@link #validate}: a source file of
   * this compile already declares it (a stale copy of the entry passed as a source, or another
   * processor's output), which only the Filer can tell.
   */
  public void reportUnwritable(TypeElement bean, ClassName name, HandlerMethod method, Exception refusal) {
    TypeElement existing = elements.getTypeElement(name.canonicalName());
    if (existing == null) {
      report(method, name, "javac could not create (" + refusal.getMessage() + ")", RENAME_ONLY);
      return;
    }
    String origin = GeneratedNames.originOf(existing);
    boolean staleCopy = origin != null && bean.getQualifiedName().contentEquals(origin);
    report(method, name, "is already among the sources of this compile",
        staleCopy
            ? "; if that file is Kindling's output from an earlier compile, do not compile the"
                + " generated-sources directory as sources, and rebuild clean (mvn clean compile)"
            : RENAME_ONLY);
  }

  private void check(TypeElement bean, ClassName name, HandlerMethod method) {
    String qualified = name.canonicalName();
    Claim claim = new Claim(bean.getQualifiedName().toString(), HandlerValidator.signature(method));
    Claim earlier = claimed.putIfAbsent(qualified, claim);
    if (earlier != null && !earlier.equals(claim)) {
      report(method, name, "is also generated for " + earlier.seenFrom(claim.bean()), RENAME_ONLY);
      return;
    }
    TypeElement existing = elements.getTypeElement(qualified);
    if (existing == null) {
      return;
    }
    String origin = GeneratedNames.originOf(existing);
    if (origin == null) {
      report(method, name, "already exists in package " + name.packageName(), RENAME_ONLY);
    } else if (!bean.getQualifiedName().contentEquals(origin)) {
      report(method, name, "Kindling generated for " + origin + " in an earlier compile",
          "; if " + origin + " no longer exists, rebuild clean (mvn clean compile)");
    }
  }

  private void report(HandlerMethod method, ClassName name, String problem, String hint) {
    diagnostics.report(
        Rule.GeneratedNameClash, method.element(), HandlerValidator.signature(method), name.simpleName(), problem, hint);
  }

  /** A handler method by name, kept as text so a claim outlives the round it was made in. */
  private record Claim(String bean, String signature) {
    /** {@code charge(String)} within the same bean, {@code com.acme.Other.charge(String)} from another. */
    String seenFrom(String otherBean) {
      return bean.equals(otherBean) ? signature : bean + "." + signature;
    }
  }
}
