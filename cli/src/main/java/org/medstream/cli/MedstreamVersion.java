package org.medstream.cli;

import picocli.CommandLine.IVersionProvider;

/** Reports the version from the jar manifest, or "development" when run from classes. */
final class MedstreamVersion implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = Medstream.class.getPackage().getImplementationVersion();
        return new String[] {"medstream " + (version == null ? "development" : version)};
    }
}
