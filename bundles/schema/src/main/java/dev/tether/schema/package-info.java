/**
 * The Tether schema: OneTable-style models with their {@code control} section (where a model exists
 * and which way it syncs), key computation and item preparation.
 */
@Export
@Version("0.2.0")
package dev.tether.schema;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
