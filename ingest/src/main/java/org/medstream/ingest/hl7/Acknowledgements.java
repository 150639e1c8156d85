package org.medstream.ingest.hl7;

import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.Location;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.model.v26.message.ACK;
import ca.uhn.hl7v2.model.v26.segment.ERR;
import ca.uhn.hl7v2.model.v26.segment.MSH;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds HL7 acknowledgements in original mode, with AA, AE or AR in MSA-1. A negative one carries
 * an ERR segment with the error location (ERR-2), the HL7 error code of table 0357 (ERR-3), the
 * severity E (ERR-4) and the reason as a sentence (ERR-8).
 */
final class Acknowledgements {
    private static final Logger LOG = LoggerFactory.getLogger(Acknowledgements.class);

    private final HapiContext context;

    Acknowledgements(HapiContext context) {
        this.context = context;
    }

    /** Returns the AA acknowledgement of a message. */
    String accept(Message message) throws HL7Exception, IOException {
        return message.generateACK().encode();
    }

    /**
     * Returns the AE or AR acknowledgement of a rejected message. {@code message} is the parsed
     * message, or null when it could not be parsed; then the MSH segment alone is parsed from
     * {@code text} to address the reply, and when even that fails the reply has an empty MSA-2.
     */
    String reject(Message message, String text, Hl7Rejection rejection) {
        try {
            Message header = message != null ? message : headerOnly(text);
            Message ack;
            if (header != null) {
                ack = header.generateACK(rejection.acknowledgmentCode(), hl7Exception(rejection));
            } else {
                ack = blankAck(rejection);
            }
            ERR err = (ERR) ack.get("ERR");
            err.getUserMessage().setValue(rejection.getMessage());
            return ack.encode();
        } catch (HL7Exception | IOException e) {
            LOG.warn(
                    "Failed to build the acknowledgement with HAPI, sending a fixed one reason={}",
                    rejection.reason(),
                    e);
            return fixedReject(rejection);
        }
    }

    private Message headerOnly(String text) {
        if (text == null || !text.startsWith("MSH")) {
            return null;
        }
        int end = text.indexOf('\r');
        String msh = end < 0 ? text : text.substring(0, end);
        try {
            return context.getPipeParser().parse(msh + "\r");
        } catch (HL7Exception e) {
            return null;
        }
    }

    private ACK blankAck(Hl7Rejection rejection) throws HL7Exception, IOException {
        ACK ack = new ACK();
        ack.setParser(context.getPipeParser());
        ack.initQuickstart("ACK", null, "P");
        MSH msh = ack.getMSH();
        msh.getSendingApplication().getNamespaceID().setValue("medstream");
        ack.getMSA().getAcknowledgmentCode().setValue(rejection.acknowledgmentCode().name());
        ERR err = ack.getERR(0);
        err.getHL7ErrorCode()
                .getIdentifier()
                .setValue(String.valueOf(rejection.errorCode().getCode()));
        err.getHL7ErrorCode().getText().setValue(rejection.errorCode().getMessage());
        err.getHL7ErrorCode().getNameOfCodingSystem().setValue("HL70357");
        err.getSeverity().setValue("E");
        return ack;
    }

    private static HL7Exception hl7Exception(Hl7Rejection rejection) {
        HL7Exception exception = new HL7Exception(rejection.getMessage(), rejection.errorCode());
        FieldLocation location = rejection.location();
        if (location != null) {
            Location hapiLocation =
                    new Location()
                            .withSegmentName(location.segmentName())
                            .withSegmentRepetition(location.segmentRepetition());
            if (location.field() > 0) {
                hapiLocation = hapiLocation.withField(location.field());
            }
            exception.setLocation(hapiLocation);
        }
        return exception;
    }

    private static String fixedReject(Hl7Rejection rejection) {
        String reason = rejection.getMessage().replaceAll("[|^~\\\\&\r\n]", " ");
        return "MSH|^~\\&|medstream||||||ACK|||P|2.6\r"
                + "MSA|"
                + rejection.acknowledgmentCode().name()
                + "|\r"
                + "ERR||"
                + "|"
                + rejection.errorCode().getCode()
                + "^"
                + rejection.errorCode().getMessage()
                + "^HL70357|E||||"
                + reason
                + "\r";
    }
}
