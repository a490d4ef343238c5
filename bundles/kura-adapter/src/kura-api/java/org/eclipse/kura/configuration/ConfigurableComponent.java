package org.eclipse.kura.configuration;

/**
 * Compile-time stand-in for Kura's marker interface of the same name (Kura's API jars are not on Maven
 * Central). Never packaged: at run time the class comes from the Kura runtime's
 * {@code org.eclipse.kura.configuration} package. A marker has no methods, so any Kura version's interface fits.
 */
public interface ConfigurableComponent {
}
