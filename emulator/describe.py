"""Describe output in Salesforce's shape, built from an org's schema."""

from __future__ import annotations

from typing import Any

from emulator.schema import FieldSpec, ObjectSpec

_SOAP_TYPES = {
    "id": "tns:ID",
    "reference": "tns:ID",
    "currency": "xsd:double",
    "double": "xsd:double",
    "percent": "xsd:double",
    "int": "xsd:int",
    "date": "xsd:date",
    "datetime": "xsd:dateTime",
    "boolean": "xsd:boolean",
    "address": "urn:address",
    "location": "urn:location",
}
_TEXT_TYPES = frozenset({"string", "textarea", "email", "phone", "url", "picklist"})
# Types SOQL cannot GROUP BY; long text areas can neither be filtered, sorted nor grouped.
_UNGROUPABLE = frozenset({"currency", "double", "percent", "datetime", "address", "location"})


def _relationship_name(spec: FieldSpec) -> str | None:
    """OwnerId -> Owner, Lead__c -> Lead__r, as Salesforce names lookups."""
    if spec.type != "reference":
        return None
    if spec.name.endswith("__c"):
        return spec.name[:-3] + "__r"
    return spec.name[:-2] if spec.name.endswith("Id") else None


def _groupable(spec: FieldSpec) -> bool:
    return spec.sortable and spec.type not in _UNGROUPABLE and spec.type != "textarea"


def _sizes(spec: FieldSpec) -> dict[str, int]:
    """length, byteLength, precision, scale and digits as describe reports them per type."""
    text = spec.type in _TEXT_TYPES or spec.type in ("id", "reference")
    return {
        "length": spec.length if text else 0,
        "byteLength": spec.length * 3 if text else 0,
        "precision": spec.precision if spec.type in ("currency", "double", "percent") else 0,
        "scale": spec.scale if spec.type in ("currency", "double", "percent") else 0,
        "digits": spec.precision if spec.type == "int" else 0,
    }


def _picklist_values(spec: FieldSpec) -> list[dict[str, Any]]:
    return [
        {
            "active": True,
            "defaultValue": value == spec.default_value,
            "label": value,
            "validFor": None,
            "value": value,
        }
        for value in spec.picklist_values
    ]


def _access(spec: FieldSpec) -> dict[str, Any]:
    """What a write may do with the field, and what the platform fills in."""
    return {
        "nillable": spec.nillable,
        "createable": spec.createable,
        "updateable": spec.updateable,
        "defaultedOnCreate": spec.defaulted_on_create,
        "defaultValue": spec.default_value,
        "defaultValueFormula": None,
        "calculated": spec.calculated,
        "calculatedFormula": None,
        "autoNumber": False,
        "externalId": spec.external_id,
        "unique": spec.unique,
        "idLookup": spec.id_lookup,
        "caseSensitive": False,
        "permissionable": spec.custom and spec.nillable and not spec.calculated,
        "writeRequiresMasterRead": False,
    }


def _query_flags(spec: FieldSpec) -> dict[str, Any]:
    """How SOQL may use the field."""
    return {
        "filterable": spec.filterable,
        "sortable": spec.sortable,
        "groupable": _groupable(spec),
        "aggregatable": spec.sortable and spec.type != "boolean",
        "queryByDistance": spec.type in ("address", "location"),
        "searchPrefilterable": spec.type == "reference",
    }


def _relationship(spec: FieldSpec) -> dict[str, Any]:
    """Lookup details: targets, relationship name, polymorphism, delete behaviour."""
    return {
        "referenceTo": list(spec.reference_to),
        "relationshipName": _relationship_name(spec),
        "relationshipOrder": None,
        "referenceTargetField": None,
        "polymorphicForeignKey": len(spec.reference_to) > 1,
        "namePointing": len(spec.reference_to) > 1,
        "cascadeDelete": False,
        "restrictedDelete": False,
        "filteredLookupInfo": None,
    }


def _presentation(spec: FieldSpec) -> dict[str, Any]:
    """Labels, help and display flags."""
    return {
        "label": spec.label,
        "inlineHelpText": None,
        "nameField": spec.name_field,
        "compoundFieldName": spec.compound_field_name,
        "extraTypeInfo": spec.extra_type_info,
        "htmlFormatted": False,
        "displayLocationInDecimal": False,
        "mask": None,
        "maskType": None,
        "encrypted": False,
        "highScaleNumber": False,
        "formulaTreatNullNumberAsZero": False,
        "deprecatedAndHidden": False,
        "aiPredictionField": False,
    }


def field_describe(spec: FieldSpec) -> dict[str, Any]:
    """Return one entry of describe's `fields` list, with the keys a real org sends."""
    return {
        "name": spec.name,
        "type": spec.type,
        "soapType": _SOAP_TYPES.get(spec.type, "xsd:string"),
        "custom": spec.custom,
        **_sizes(spec),
        **_access(spec),
        **_query_flags(spec),
        "picklistValues": _picklist_values(spec),
        "restrictedPicklist": spec.restricted_picklist,
        "dependentPicklist": False,
        "controllerName": None,
        **_relationship(spec),
        **_presentation(spec),
    }


def _object_summary(obj: ObjectSpec, api_version: str) -> dict[str, Any]:
    base = f"/services/data/v{api_version}/sobjects/{obj.name}"
    return {
        "name": obj.name,
        "label": obj.label,
        "labelPlural": obj.label + "s",
        "keyPrefix": obj.key_prefix,
        "custom": obj.custom,
        "createable": obj.createable,
        "updateable": obj.createable,
        "deletable": obj.createable,
        "queryable": True,
        "retrieveable": True,
        "searchable": True,
        "layoutable": True,
        "replicateable": True,
        "triggerable": obj.createable,
        "undeletable": obj.createable,
        "mergeable": obj.name in ("Lead", "Account", "Contact"),
        "mruEnabled": True,
        "feedEnabled": False,
        "activateable": False,
        "customSetting": False,
        "deprecatedAndHidden": False,
        "hasSubtypes": False,
        "isSubtype": False,
        "isInterface": False,
        "associateEntityType": None,
        "associateParentEntity": None,
        "urls": {
            "sobject": base,
            "describe": f"{base}/describe",
            "rowTemplate": f"{base}/{{ID}}",
        },
    }


def object_describe(obj: ObjectSpec, api_version: str) -> dict[str, Any]:
    """Return `sobjects/{obj}/describe/` for one object."""
    return {
        **_object_summary(obj, api_version),
        "fields": [field_describe(spec) for spec in obj.fields.values()],
        "childRelationships": [],
        "recordTypeInfos": [],
        "actionOverrides": [],
        "namedLayoutInfos": [],
        "supportedScopes": [{"label": "All records", "name": "everything"}],
        "networkScopeFieldName": None,
        "listviewable": None,
        "lookupLayoutable": None,
        "searchLayoutable": True,
        "compactLayoutable": True,
        "defaultImplementation": None,
        "implementedBy": None,
        "implementsInterfaces": None,
        "sobjectDescribeOption": "FULL",
    }


def object_basic_info(obj: ObjectSpec, api_version: str) -> dict[str, Any]:
    """Return `sobjects/{obj}/`: the object summary and (always empty) recent items."""
    return {"objectDescribe": _object_summary(obj, api_version), "recentItems": []}


def global_describe(schema: dict[str, ObjectSpec], api_version: str) -> dict[str, Any]:
    """Return `sobjects/`: every object of the org."""
    return {
        "encoding": "UTF-8",
        "maxBatchSize": 200,
        "sobjects": [_object_summary(obj, api_version) for obj in schema.values()],
    }
