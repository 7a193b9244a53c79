import { plainToInstance } from 'class-transformer';
import { IsOptional, validateSync } from 'class-validator';
import { FitsPlate, IsChinesePlate, IsPlateRead } from './is-plate.decorator';
import { AUTHORITY_LETTERS, hasIssuedPrefix, isIssuedPlate, isNewEnergyPlate, isValidPlate, maskPlate, maskPlatesIn, normalizePlate, PlateColor, plateColorProblem, plateProblem, plateReadProblem, splitPlateColorWord } from './plate';

describe('plate rules', () => {
  it.each([
    ['蓝桂P12345', '桂P12345', PlateColor.Blue],
    ['黄绿粤BD12345', '粤BD12345', PlateColor.YellowGreen],
    ['绿粤BD12345', '粤BD12345', PlateColor.Green],
    ['黑黑A12345', '黑A12345', PlateColor.Black],
    ['白使014123', '使014123', PlateColor.White],
    ['蓝牌桂P12345', '桂P12345', PlateColor.Blue],
    ['黄色粤B12345', '粤B12345', PlateColor.Yellow],
    ['渐变绿牌粤BD12345', '粤BD12345', PlateColor.Green],
    // After the number (a separator in between is gone by now): no plate ends in a colour.
    ['桂P12345蓝', '桂P12345', PlateColor.Blue],
    ['粤B12345黄牌', '粤B12345', PlateColor.Yellow],
    ['粤BD12345黄绿', '粤BD12345', PlateColor.YellowGreen],
    ['P1234白色', 'P1234', PlateColor.White],
    ['蓝', '蓝', null],
    ['P123蓝', 'P123蓝', null],
    // No colour word here: a Heilongjiang plate, and a colour glyph before a letter (a misread province).
    ['黑A12345', '黑A12345', null],
    ['蓝P12345', '蓝P12345', null],
    ['蓝牌P12345', '蓝牌P12345', null],
    ['桂P12345', '桂P12345', null],
  ])('reads %s as the plate %s with colour %s', (read, plate, color) => {
    expect(splitPlateColorWord(read)).toEqual({ plate, color });
  });

  describe(normalizePlate.name, () => {
    it.each([
      ['full-width letters and digits', '桂ＰＡ２３４５', '桂PA2345'],
      ['a middle dot', '桂P·A2345', '桂PA2345'],
      ['a katakana middle dot and a bullet', '桂P・A23•45', '桂PA2345'],
      ['hyphens, full-width hyphen and spaces', '桂P-A2 3－45', '桂PA2345'],
      ['zero-width characters', '桂P\u200BA23\u200D4\uFEFF5', '桂PA2345'],
      ['lower case', '桂pa2345', '桂PA2345'],
      ['an ideographic space', '桂P\u3000A2345', '桂PA2345'],
      ['a new-energy plate', '粤b·d12345', '粤BD12345'],
    ])('removes %s', (_what, raw, normalized) => {
      expect(normalizePlate(raw)).toBe(normalized);
    });

    it('leaves a suffix character alone', () => {
      expect(normalizePlate('桂P·1234挂')).toBe('桂P1234挂');
    });
  });

  describe(plateProblem.name, () => {
    it.each([
      ['a blue standard plate', '桂PA2345'],
      ['an all-digit serial', '京A12345'],
      ['a trailer plate', '桂P1234挂'],
      ['a coach-car plate', '粤B1234学'],
      ['a police plate', '桂P1234警'],
      ['a consulate plate', '粤A1234领'],
      ['a Hong Kong crossing plate', '粤Z1234港'],
      ['a Macau crossing plate', '粤Z1234澳'],
      ['an embassy-style suffix', '京A1234使'],
      ['a small new-energy plate with D', '桂PD12345'],
      ['a small new-energy plate with F and a letter', '沪AFA1234'],
      ['a large new-energy plate', '桂P12345D'],
      ['a small pure-electric plate of the newer series (A)', '桂PA12345'],
      ['a small pure-electric plate of the newer series (B, C, E)', '粤BC00012'],
      ['a small new-energy plate of the newer series (G, H, J, K)', '浙AK91234'],
      ['an emergency rescue plate', '川A1234应急'],
      ['an embassy plate', '使014001'],
      ['a test-vehicle plate', '桂A1234试'],
      ['an oversize-vehicle plate', '桂A1234超'],
    ])('accepts %s', (_what, plate) => {
      expect(plateProblem(plate)).toBeNull();
      expect(isValidPlate(plate)).toBe(true);
    });

    it.each([
      ['nothing', '', 'is empty'],
      ['no province', 'PA23456', 'must start with a province abbreviation such as 桂 (or 使 for an embassy plate), got "P"'],
      ['a non-province character first', '中PA2345', 'must start with a province abbreviation'],
      ['too few characters', '桂PA234', 'must have 7 characters (8 for new-energy and 应急 plates), got 6'],
      ['too many characters', '桂PA2345678', 'got 10'],
      ['the letter I', '桂PI2345', 'contains I or O'],
      ['the letter O', '桂PA23O5', 'contains I or O'],
      ['a digit where the authority letter goes', '桂812345', 'must be a province, a letter, then 5 letters or digits'],
      ['a suffix in the middle', '桂P12挂45', 'must be a province, a letter'],
      ['a symbol', '桂PA23#5', 'must be a province, a letter'],
      ['an 8-character plate without a new-energy series letter', '桂PL12345', 'must be a new-energy plate'],
      ['an embassy plate with a letter', '使01400A', 'must be 使 and six digits'],
      ['a new-energy plate with a letter in the digit run', '桂PD1A345', 'must be a new-energy plate'],
      ['a suffix on a new-energy plate', '桂PD1234挂', 'must be a new-energy plate'],
    ])('rejects %s saying why', (_what, plate, reason) => {
      expect(plateProblem(plate)).toContain(reason);
      expect(isValidPlate(plate)).toBe(false);
    });
  });

  describe(plateColorProblem.name, () => {
    it.each([
      ['桂PA2345', PlateColor.Blue],
      ['桂PA2345', PlateColor.Yellow],
      ['桂PD12345', PlateColor.Green],
      ['桂P12345D', PlateColor.YellowGreen],
      ['桂P1234警', PlateColor.White],
      ['粤B1234学', PlateColor.Yellow],
      ['桂P1234挂', PlateColor.Yellow],
      ['粤A1234领', PlateColor.Black],
      ['粤Z1234港', PlateColor.Black],
    ])('accepts %s in %s', (plate, color) => {
      expect(plateColorProblem(plate, color)).toBeNull();
    });

    it.each([
      ['桂PD12345', PlateColor.Blue, 'must be green or yellow-green for a new-energy plate, got blue'],
      ['桂PA2345', PlateColor.Green, 'cannot be green for a plate that is not new-energy'],
      ['川A1234应急', PlateColor.Green, 'cannot be green'],
      ['桂PA2345', PlateColor.YellowGreen, 'cannot be yellow-green'],
      ['桂P1234警', PlateColor.Blue, 'must be white for a plate ending in 警, got blue'],
      ['粤B1234学', PlateColor.Blue, 'must be yellow for a plate ending in 学'],
      ['粤Z1234澳', PlateColor.Yellow, 'must be black for a plate ending in 澳'],
    ])('rejects %s in %s saying why', (plate, color, reason) => {
      expect(plateColorProblem(plate, color)).toContain(reason);
    });
  });

  describe(plateReadProblem.name, () => {
    it.each([
      ['a correct read', '桂PA2345'],
      ['a read without the province', 'PA2345'],
      ['a new-energy read without the province', 'PD12345'],
      ['a read with another province', '粤PA2345'],
      ['a province misread as a suffix character', '挂PA2345'],
      ['a province read as a glyph no plate carries', '柱PA2345'],
      ['an O for a 0', '桂PA23O5'],
      ['an I for a 1', '桂PI2345'],
      ['a digit for the authority letter', '桂812345'],
      ['a trailer read without the province', 'P1234挂'],
      ['a lost last character', '桂PA234'],
      ['a doubled character', '桂PA23345'],
      ['a doubled character on a new-energy plate', '桂PD123345'],
      ['a suffix glyph in the middle', '桂P12挂45'],
      ['a read of ten characters', '桂PD12345678'.slice(0, 10)],
      ['an 8-character plate with its colour word in front', '渐变绿粤BD12345'],
      ['an 8-character plate with its colour word after it', '粤BD12345渐变绿'],
      ['a doubled character on an 8-character plate with its colour word and 牌', '渐变绿牌粤BD123345'],
    ])('accepts %s', (_what, read) => {
      expect(plateReadProblem(read)).toBeNull();
    });

    it.each([
      ['nothing', '', 'is empty'],
      ['a symbol', '桂PA23#5', 'contains "#", which appears on no Chinese plate'],
      ['a lower-case letter left unnormalized', '桂pa2345', 'contains "p"'],
      ['Cyrillic', '桂PА2345', 'contains "А"'],
      ['an emoji', '桂PA23😀5', 'contains "😀"'],
      ['far too many characters', '桂PA2345678AB', 'has 12 characters; no plate reads as more than 10'],
      ['far too many characters after a colour word', '蓝桂PA2345678AB', 'has 12 characters; no plate reads as more than 10'],
    ])('rejects %s saying why', (_what, read, reason) => {
      expect(plateReadProblem(read)).toContain(reason);
    });
  });

  describe(isIssuedPlate.name, () => {
    // Prefixes from the public list of issuing authorities (桂P Fangchenggang, 琼F Danzhou, 粤Z the
    // Hong Kong and Macau crossings, 川G Chengdu's second letter, 鲁U Qingdao's second letter).
    it.each([['桂PA2345'], ['琼F12345'], ['粤Z1234港'], ['川G12345'], ['鲁U12345'], ['宁E12345'], ['京Y12345'], ['沪AD12345'], ['使014001']])('takes %s, a plate a car may carry', (plate) => {
      expect(isIssuedPlate(plate)).toBe(true);
    });

    // 琼 (Hainan) has six authorities (A-F), 宁 (Ningxia) five (A-E), 渝 no E, 京 no Z, 浙 nothing past L.
    it.each([['琼X12345'], ['宁P12345'], ['渝E12345'], ['京Z12345'], ['浙M12345'], ['琼GD12345']])('refuses %s: valid in form, but its province issues no such authority letter', (plate) => {
      expect(isValidPlate(plate)).toBe(true);
      expect(hasIssuedPrefix(plate)).toBe(false);
      expect(isIssuedPlate(plate)).toBe(false);
    });

    it('refuses a plate in a colour the camera reported that the plate rules out, and takes it in one it allows', () => {
      expect(isIssuedPlate('桂PB6863', PlateColor.Green)).toBe(false);
      expect(isIssuedPlate('桂PB6863', PlateColor.Blue)).toBe(true);
      expect(isIssuedPlate('桂PB6863', null)).toBe(true);
      expect(isIssuedPlate('桂PD12345', PlateColor.Blue)).toBe(false);
      expect(isIssuedPlate('桂PD12345', PlateColor.Green)).toBe(true);
      expect(isIssuedPlate('桂P1234学', PlateColor.Blue)).toBe(false);
    });

    it('refuses what is no plate at all, issued prefix or not', () => {
      expect(isIssuedPlate('桂PA234')).toBe(false);
      expect(isIssuedPlate('PA23456')).toBe(false);
      expect(isIssuedPlate('桂PI2345')).toBe(false);
    });

    it('names every province, with letters only (no I or O), each at least its capital A', () => {
      expect(Object.keys(AUTHORITY_LETTERS).sort()).toEqual([...'京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼'].sort());
      for (const letters of Object.values(AUTHORITY_LETTERS)) {
        expect(letters).toMatch(/^A[A-HJ-NP-Z]*$/);
      }
    });

    it('does not change what registration accepts: a plate under an unissued prefix is still a valid plate', () => {
      expect(plateProblem('琼X12345')).toBeNull();
    });
  });

  describe(isNewEnergyPlate.name, () => {
    it('tells new-energy plates from the others', () => {
      expect(isNewEnergyPlate('桂PD12345')).toBe(true);
      expect(isNewEnergyPlate('桂PA2345')).toBe(false);
      expect(isNewEnergyPlate('川A1234应急')).toBe(false);
    });
  });

  describe(maskPlate.name, () => {
    it('keeps only the prefix and the last character', () => {
      expect(maskPlate('桂PA2345')).toBe('桂P****5');
      expect(maskPlate('桂PD12345')).toBe('桂P*****5');
      expect(maskPlate(null)).toBe('');
    });
  });

  describe('decorators', () => {
    class Registration {
      @IsChinesePlate()
      plate: string;

      @IsOptional()
      @FitsPlate('plate')
      plateColor?: PlateColor;
    }

    class Read {
      @IsPlateRead()
      plate: string;
    }

    const messages = <T extends object>(cls: new () => T, body: object) =>
      validateSync(plainToInstance(cls, body)).flatMap((e) => Object.values(e.constraints ?? {}));

    it('normalizes before validating and names the field in the message', () => {
      const sut = plainToInstance(Registration, { plate: '桂p·a2345' });
      expect(sut.plate).toBe('桂PA2345');
      expect(messages(Registration, { plate: '桂PA23' })).toEqual(['plate must have 7 characters (8 for new-energy and 应急 plates), got 5']);
      expect(messages(Registration, { plate: 7 })).toEqual(['plate must be a string']);
    });

    it('checks the colour against the plate, and only once the plate is valid', () => {
      expect(messages(Registration, { plate: '桂PD12345', plateColor: 'green' })).toEqual([]);
      expect(messages(Registration, { plate: '桂PD12345', plateColor: 'blue' })).toEqual([
        'plateColor must be green or yellow-green for a new-energy plate, got blue',
      ]);
      expect(messages(Registration, { plate: '桂PD123', plateColor: 'green' })).toEqual([expect.stringMatching(/^plate must have/)]);
    });

    it('accepts plausible misreads as reads and rejects garbage naming the field', () => {
      expect(messages(Read, { plate: 'p·a23o5' })).toEqual([]);
      expect(messages(Read, { plate: '桂PA2?45' })).toEqual(['plate contains "?", which appears on no Chinese plate']);
    });
  });
});

describe('maskPlatesIn', () => {
  it('masks plates in free text however people write them, and leaves other text alone', () => {
    expect(maskPlatesIn('桂P·W3001 已拦停，车 桂pw3001，另见 粤B-D12345 与 柱P12345')).toBe('桂P*** 已拦停，车 桂p***，另见 粤B*** 与 柱P***');
    expect(maskPlatesIn('/api/v1/alerts/桂PK8001?status=桂 PK8001')).toBe('/api/v1/alerts/桂P***?status=桂P***');
    for (const text of ['(2025)桂0603执1234号', '李法官 (FC-1001)', '被执行人已履行', 'FCG-K07']) expect(maskPlatesIn(text)).toBe(text);
  });
});
