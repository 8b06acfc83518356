package io.tripline.report.ncmec;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.StringWriter;
import java.net.URL;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import javax.xml.validation.Validator;
import org.jspecify.annotations.Nullable;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * Writes the CyberTipline XML (StAX, elements in schema order) and validates it against the
 * bundled {@code cyber_tipline.xsd}; parses NCMEC's responses. Thread-safe: the compiled schema is
 * shared, validators and parsers are per call.
 */
final class NcmecXml {

  static final String XSD_RESOURCE = "cyber_tipline.xsd";

  private static final XMLOutputFactory OUTPUT = XMLOutputFactory.newFactory();

  private NcmecXml() {}

  private static final class SchemaHolder {
    static final Schema SCHEMA = load();

    private static Schema load() {
      URL url = Objects.requireNonNull(NcmecXml.class.getResource(XSD_RESOURCE), "bundled " + XSD_RESOURCE + " missing");
      try {
        SchemaFactory factory = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
        factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        factory.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        return factory.newSchema(url);
      } catch (SAXException e) {
        throw new IllegalStateException("bundled " + XSD_RESOURCE + " does not compile", e);
      }
    }
  }

  // --- Writing ------------------------------------------------------------------------------

  static String report(NcmecReport report) {
    return write(w -> {
      w.writeStartElement("report");
      w.writeStartElement("incidentSummary");
      text(w, "incidentType", report.incidentType().xmlValue());
      text(w, "platform", report.platform());
      text(w, "incidentDateTime", time(report.incidentDateTime()));
      w.writeEndElement();

      NcmecReporter reporter = report.reporter();
      w.writeStartElement("reporter");
      contact(w, "reportingPerson", reporter.reportingPerson());
      if (reporter.contactPerson() != null) {
        contact(w, "contactPerson", reporter.contactPerson());
      }
      text(w, "termsOfService", reporter.termsOfService());
      text(w, "legalURL", reporter.legalUrl());
      w.writeEndElement();

      NcmecReportedPerson person = report.reportedPerson();
      if (person != null) {
        w.writeStartElement("personOrUserReported");
        text(w, "espIdentifier", person.userId());
        text(w, "espService", person.service());
        text(w, "screenName", person.screenName());
        for (NcmecIpEvent event : person.ipEvents()) {
          ipEvent(w, event);
        }
        w.writeEndElement();
      }
      text(w, "additionalInfo", report.additionalInfo());
      w.writeEndElement();
    });
  }

  static String fileDetails(long reportId, String fileId, NcmecFile file) {
    return write(w -> {
      w.writeStartElement("fileDetails");
      text(w, "reportId", Long.toString(reportId));
      text(w, "fileId", fileId);
      text(w, "fileName", file.fileName());
      text(w, "originalFileName", file.originalFileName());
      text(w, "uploadedToEspTimestamp", file.uploadedToEsp() == null ? null : time(file.uploadedToEsp()));
      text(w, "locationOfFile", file.locationOfFile());
      text(w, "fileViewedByEsp", Boolean.toString(file.viewedByEsp()));
      for (NcmecHash hash : file.originalHashes()) {
        w.writeStartElement("originalFileHash");
        w.writeAttribute("hashType", hash.type().xmlValue());
        w.writeCharacters(hash.hex());
        w.writeEndElement();
      }
      if (file.uploadIpEvent() != null) {
        ipEvent(w, file.uploadIpEvent());
      }
      if (file.pdq() != null || !file.matchDetails().isEmpty()) {
        w.writeStartElement("details");
        w.writeAttribute("type", "HASH");
        if (file.pdq() != null) {
          pair(w, "PDQ", file.pdq());
        }
        for (Map.Entry<String, String> e : file.matchDetails().entrySet()) {
          pair(w, e.getKey(), e.getValue());
        }
        w.writeEndElement();
      }
      w.writeEndElement();
    });
  }

  private interface Body {
    void write(XMLStreamWriter w) throws XMLStreamException;
  }

  private static String write(Body body) {
    StringWriter out = new StringWriter();
    try {
      XMLStreamWriter w = OUTPUT.createXMLStreamWriter(out);
      w.writeStartDocument("UTF-8", "1.0");
      body.write(w);
      w.writeEndDocument();
      w.close();
    } catch (XMLStreamException e) {
      throw new NcmecSchemaException("report XML could not be written: " + e.getMessage());
    }
    return out.toString();
  }

  private static void contact(XMLStreamWriter w, String name, NcmecContact c) throws XMLStreamException {
    w.writeStartElement(name);
    text(w, "firstName", c.firstName());
    text(w, "lastName", c.lastName());
    if (c.phone() != null) {
      w.writeStartElement("phone");
      if (c.phoneCountryCallingCode() != null) {
        w.writeAttribute("countryCallingCode", c.phoneCountryCallingCode());
      }
      w.writeCharacters(c.phone());
      w.writeEndElement();
    }
    text(w, "email", c.email());
    w.writeEndElement();
  }

  private static void ipEvent(XMLStreamWriter w, NcmecIpEvent e) throws XMLStreamException {
    w.writeStartElement("ipCaptureEvent");
    text(w, "ipAddress", e.ipAddress());
    text(w, "eventName", e.event() == null ? null : e.event().xmlValue());
    text(w, "dateTime", e.at() == null ? null : time(e.at()));
    w.writeEndElement();
  }

  private static void pair(XMLStreamWriter w, String name, String value) throws XMLStreamException {
    w.writeStartElement("nameValuePair");
    text(w, "name", name);
    text(w, "value", value);
    w.writeEndElement();
  }

  private static void text(XMLStreamWriter w, String name, @Nullable String value) throws XMLStreamException {
    if (value == null) {
      return;
    }
    w.writeStartElement(name);
    w.writeCharacters(value);
    w.writeEndElement();
  }

  private static String time(Instant at) {
    return DateTimeFormatter.ISO_INSTANT.format(at);
  }

  // --- Validation ---------------------------------------------------------------------------

  /**
   * @throws NcmecSchemaException with the validator's messages if {@code xml} does not validate
   */
  static void validate(String xml, String what) {
    Validator validator = SchemaHolder.SCHEMA.newValidator();
    List<String> errors = new ArrayList<>();
    validator.setErrorHandler(new ErrorHandler() {
      @Override
      public void warning(SAXParseException e) {}

      @Override
      public void error(SAXParseException e) {
        errors.add(describe(e));
      }

      @Override
      public void fatalError(SAXParseException e) throws SAXException {
        errors.add(describe(e));
        throw e;
      }
    });
    try {
      validator.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
      validator.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
      validator.validate(new StreamSource(new StringReader(xml)));
    } catch (SAXException e) {
      if (errors.isEmpty()) {
        errors.add(e.getMessage());
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    if (!errors.isEmpty()) {
      throw new NcmecSchemaException(what + " does not validate against cyber_tipline.xsd: " + String.join("; ", errors));
    }
  }

  private static String describe(SAXParseException e) {
    return "line " + e.getLineNumber() + " column " + e.getColumnNumber() + ": " + e.getMessage();
  }

  // --- Responses ----------------------------------------------------------------------------

  /** The parts of a {@code reportResponse} or {@code reportDoneResponse} the client uses. */
  record Response(int responseCode, String description, @Nullable Long reportId, @Nullable String fileId,
      @Nullable String hash) {}

  /**
   * @throws IllegalArgumentException if {@code body} is not a response document
   */
  static Response response(byte[] body) {
    Document doc;
    try {
      DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
      f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      f.setXIncludeAware(false);
      f.setExpandEntityReferences(false);
      DocumentBuilder builder = f.newDocumentBuilder();
      builder.setErrorHandler(null);
      doc = builder.parse(new InputSource(new java.io.ByteArrayInputStream(body)));
    } catch (ParserConfigurationException | SAXException | IOException e) {
      throw new IllegalArgumentException("response is not XML: " + e.getMessage());
    }
    Element root = doc.getDocumentElement();
    String code = child(root, "responseCode");
    if (code == null) {
      throw new IllegalArgumentException("response <" + root.getTagName() + "> has no responseCode");
    }
    String reportId = child(root, "reportId");
    try {
      return new Response(Integer.parseInt(code.strip()), Objects.requireNonNullElse(child(root, "responseDescription"), ""),
          reportId == null || reportId.isBlank() ? null : Long.valueOf(reportId.strip()),
          child(root, "fileId"), child(root, "hash"));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("response has a malformed number: " + e.getMessage());
    }
  }

  private static @Nullable String child(Element parent, String name) {
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && name.equals(e.getTagName())) {
        return e.getTextContent().strip();
      }
    }
    return null;
  }

  static InputStream xsd() {
    return Objects.requireNonNull(NcmecXml.class.getResourceAsStream(XSD_RESOURCE));
  }
}
