package dev.kindling.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.exceptions.BeanInstantiationException;
import jakarta.inject.Singleton;
import org.junit.jupiter.api.Test;

class BeansTest {

  /** Created while the context starts, so it records the thread that started it. */
  @Context
  static class InitThreadBean {
    final String createdOn = Thread.currentThread().getName();
  }

  /** A bean whose construction fails, as one with missing configuration would. */
  @Singleton
  static class FailingBean {
    FailingBean() {
      throw new IllegalStateException("ORDERS_TABLE is not set");
    }
  }

  @Test
  void theContextStartsOffTheInitThreadAndIsShared() {
    Beans.Lookup<InitThreadBean> lookup = Beans.lookup(InitThreadBean.class);

    InitThreadBean bean = lookup.get();

    assertThat(bean.createdOn).isEqualTo("kindling-init");
    assertThat(Beans.get(InitThreadBean.class)).isSameAs(bean);
    assertThat(Beans.lookup(InitThreadBean.class).get()).isSameAs(bean);
  }

  @Test
  void aBeanThatCannotBeCreatedFailsWithMicronautsOwnExceptionNotAWrapper() {
    Beans.Lookup<FailingBean> lookup = Beans.lookup(FailingBean.class);

    assertThatThrownBy(lookup::get)
        .isInstanceOf(BeanInstantiationException.class)
        .hasRootCauseInstanceOf(IllegalStateException.class)
        .hasRootCauseMessage("ORDERS_TABLE is not set");
    // Asked again (a retried init), it fails the same way instead of hanging or returning null.
    assertThatThrownBy(lookup::get).isInstanceOf(BeanInstantiationException.class);
  }

  @Test
  void anOptionalBeanTheApplicationDoesNotHaveIsEmpty() {
    assertThat(Beans.lookupOptional(Runnable.class).get()).isEmpty();
    assertThat(Beans.find(InitThreadBean.class)).containsSame(Beans.get(InitThreadBean.class));
  }
}
